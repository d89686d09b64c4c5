// `npm start` runs this first: rebuilds the server and/or the web UI only when their sources
// changed since the last build. A build writes a stamp (hash of every input file's path, size
// and mtime) next to its output; a missing or different stamp means rebuild.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SKIP = new Set(['node_modules', 'dist', '.git']);

function fingerprint(inputs) {
  const hash = createHash('sha256');
  const visit = (entry) => {
    const full = path.join(root, entry);
    if (!existsSync(full)) return;
    const stat = statSync(full);
    if (stat.isDirectory()) {
      for (const name of readdirSync(full).sort())
        if (!SKIP.has(name)) visit(path.join(entry, name));
    } else {
      hash.update(`${entry}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  for (const input of inputs) visit(input);
  return hash.digest('hex');
}

const COMMON = ['package.json', 'package-lock.json', 'tsconfig.json', 'libs'];
const TARGETS = [
  {
    name: 'server',
    script: 'build:server',
    inputs: [...COMMON, '.swcrc', 'apps/api/src', 'apps/worker/src', 'migrations'],
    stamp: 'dist/.build-stamp',
  },
  {
    name: 'web',
    script: 'build:web',
    inputs: [...COMMON, 'apps/web'],
    stamp: 'apps/web/dist/.build-stamp',
  },
];

for (const target of TARGETS) {
  const stampPath = path.join(root, target.stamp);
  const before = fingerprint(target.inputs);
  const current = existsSync(stampPath) && readFileSync(stampPath, 'utf8') === before;
  if (current) {
    process.stdout.write(`${target.name} build is up to date\n`);
    continue;
  }
  process.stdout.write(`building ${target.name}…\n`);
  execFileSync('npm', ['run', '--silent', target.script], { cwd: root, stdio: 'inherit' });
  // Stamp what was built (an edit during the build makes the next start rebuild).
  writeFileSync(stampPath, before);
}
