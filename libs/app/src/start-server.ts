import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import {
  BootError,
  configureHttpApp,
  Environment,
  Infrastructure,
  JsonReplyExpressAdapter,
} from '@rca/shared';
import { Logger } from 'nestjs-pino';
import { RootModule, RootOptions } from './root.module';

/**
 * Boots Nest on prepared infrastructure and listens. SIGTERM/SIGINT drain HTTP, let workers
 * finish their current job, then stop embedded Postgres/Redis.
 */
export async function startServer(
  infrastructure: Infrastructure,
  options: Omit<RootOptions, 'environment'> & { port: number },
): Promise<NestExpressApplication> {
  const { environment } = infrastructure;
  const portVariable = options.api ? 'PORT' : 'WORKER_PORT';
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(
      RootModule.forRoot({ ...options, environment }),
      new JsonReplyExpressAdapter(),
      {
        bufferLogs: true,
        abortOnError: false,
      },
    );
  } catch (error) {
    await infrastructure.shutdown();
    throw error;
  }
  configureHttpApp(app, environment, { openApi: options.api });
  app.getHttpServer().keepAliveTimeout = 65_000;
  try {
    await app.listen(options.port, environment.HOST);
  } catch (error) {
    await app.close().catch(() => undefined);
    await infrastructure.shutdown();
    // Lost a race for the port after the preflight check.
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new BootError(
        `Port ${options.port} on ${environment.HOST} is already in use; stop the other process or set ${portVariable} to a free port.`,
      );
    }
    throw error;
  }
  const logger = app.get(Logger);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  logger.log(
    { port, host: environment.HOST, api: options.api, workers: options.workers },
    `Listening on http://${environment.HOST}:${port}`,
  );
  installShutdown(app, infrastructure, environment);
  return app;
}

function installShutdown(
  app: NestExpressApplication,
  infrastructure: Infrastructure,
  environment: Environment,
): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const logger = app.get(Logger);
    logger.log(`${signal} received, shutting down`);
    const force = setTimeout(() => {
      process.stderr.write(
        `Shutdown took longer than SHUTDOWN_TIMEOUT_MS=${environment.SHUTDOWN_TIMEOUT_MS}; jobs still running are left to stalled-job recovery; exiting\n`,
      );
      // Embedded Redis stops first (reverse start order), so a job cut off here cannot be
      // recorded as failed: it stays locked and is recovered as stalled after the restart.
      const hard = setTimeout(() => process.exit(1), 5_000);
      hard.unref();
      void infrastructure.shutdown().finally(() => process.exit(1));
    }, environment.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      await app.close();
    } finally {
      await infrastructure.shutdown();
    }
    process.exit(0);
  };
  // Nest's own shutdown hooks would exit before embedded Postgres is closed; we own the signals.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => void stop(signal));
  }
}
