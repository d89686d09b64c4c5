import { existsSync } from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/** The folder holding the product's package.json, from sources and from dist/ alike. */
export function repositoryRoot(): string {
  if (cached) return cached;
  let directory = __dirname;
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`No package.json above ${__dirname}`);
    directory = parent;
  }
  cached = directory;
  return directory;
}
