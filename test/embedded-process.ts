import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const EMBEDDED_ENTRY = path.resolve(__dirname, '../dist/apps/api/src/embedded.js');

export function assertBuilt(): void {
  if (!existsSync(EMBEDDED_ENTRY))
    throw new Error(`${EMBEDDED_ENTRY} is missing; run "npm run build" (npm test does it first)`);
}

export interface EmbeddedProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function baseEnvironment(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
  };
  delete environment.DATABASE_URL;
  delete environment.REDIS_URL;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete environment[key];
    else environment[key] = value;
  }
  return environment;
}

/** Starts `node dist/.../embedded.js` (what `npm start` runs) and waits until it listens. */
export async function startEmbedded(
  overrides: Record<string, string | undefined>,
  timeoutMs = 45_000,
): Promise<EmbeddedProcess> {
  const child = spawn(process.execPath, [EMBEDDED_ENTRY], {
    env: baseEnvironment(overrides),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`embedded server did not listen within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded server exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the embedded entry expecting it to fail at boot; returns exit code and stderr. */
export async function bootFailure(
  overrides: Record<string, string | undefined>,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [EMBEDDED_ENTRY], {
    env: baseEnvironment(overrides),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) =>
    child.once('exit', (exitCode) => resolve(exitCode)),
  );
  clearTimeout(timer);
  return { code, stderr };
}
