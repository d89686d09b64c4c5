import { Logger } from '@nestjs/common';
import { ConfigurationError, Environment, loadEnvironment } from '../config/environment';
import { runMigrations } from '../database/migrations';
import { BootError } from './boot-error';
import { lockDataDirectory, startEmbeddedPostgres, startEmbeddedRedis } from './embedded';
import { applyHeapGrowth } from './heap';
import { assertPortFree, checkDatabase, checkRedis, ensureWritableDirectory } from './preflight';

export type ProcessRole = 'embedded' | 'api' | 'worker' | 'cli';

export interface Infrastructure {
  environment: Environment;
  /** Stops what this process started (embedded Postgres/Redis, DATA_DIR lock), in reverse order. */
  shutdown(): Promise<void>;
}

const logger = new Logger('Boot');

/**
 * Everything that has to be true before Nest starts: valid configuration, a reachable database
 * and Redis (embedded ones started when the role allows), migrations applied.
 */
export async function prepareInfrastructure(
  role: ProcessRole,
  source: NodeJS.ProcessEnv = process.env,
): Promise<Infrastructure> {
  const environment = loadEnvironment(source);
  applyHeapGrowth(environment.HEAP_GROWING_PERCENT);
  const stops: Array<() => Promise<void>> = [];
  const shutdown = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error) =>
        logger.error(`Shutdown step failed: ${(error as Error).message}`),
      );
  };
  try {
    const mayEmbed = role === 'embedded' || role === 'cli';
    if (!mayEmbed && !environment.DATABASE_URL) {
      throw new BootError(
        `DATABASE_URL is required for the ${role} process; set it, or run "npm start" for the embedded mode.`,
      );
    }
    if (!mayEmbed && !environment.REDIS_URL) {
      throw new BootError(
        `REDIS_URL is required for the ${role} process; set it, or run "npm start" for the embedded mode.`,
      );
    }
    if (role !== 'cli') {
      const [port, variable] =
        role === 'worker' ? [environment.WORKER_PORT, 'WORKER_PORT'] : [environment.PORT, 'PORT'];
      await assertPortFree(port, environment.HOST, variable);
    }
    if (!environment.DATABASE_URL || !environment.REDIS_URL) {
      environment.DATA_DIR = await ensureWritableDirectory(environment.DATA_DIR);
    }
    if (!environment.DATABASE_URL) {
      stops.push(await lockDataDirectory(environment.DATA_DIR));
      const postgres = await startEmbeddedPostgres(environment.DATA_DIR, {
        idleInTransactionMs: environment.EMBEDDED_DB_IDLE_IN_TRANSACTION_MS,
        log: (message) => logger.warn(message),
      });
      stops.push(postgres.stop);
      environment.DATABASE_URL = postgres.url;
      logger.log(`Embedded PostgreSQL (PGlite) on ${environment.DATA_DIR}/pgdata`);
    } else {
      await checkDatabase(environment.DATABASE_URL);
    }
    if (!environment.REDIS_URL) {
      const redis = await startEmbeddedRedis(environment.DATA_DIR);
      stops.push(redis.stop);
      environment.REDIS_URL = redis.url;
      logger.log(
        `Redis: ${redis.origin === 'local' ? 'local server on 127.0.0.1:6379' : `${redis.origin} redis-server at ${redis.url}`}`,
      );
    } else if (role !== 'cli') {
      await checkRedis(environment.REDIS_URL);
    }
    if (environment.MIGRATIONS_RUN && role !== 'worker') {
      const applied = await runMigrations(environment.DATABASE_URL);
      if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);
    }
    return { environment, shutdown };
  } catch (error) {
    await shutdown();
    throw error;
  }
}

/**
 * Runs a process entry point: boot problems end it with one clear sentence and exit code 1,
 * never a stack trace.
 */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof BootError || error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`Start-up failed: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exit(1);
  });
}
