// `npm run cli -- <command>`: operator commands that share the app's configuration and boot checks.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { RootModule } from '@rca/app';
import { DemoSeedService } from '@rca/incidents';
import { DataSource } from 'typeorm';
import {
  buildDataSourceOptions,
  pendingMigrations,
  prepareInfrastructure,
  runMain,
  runMigrations,
} from '@rca/shared';

const COMMANDS: Record<string, { help: string; run: (args: string[]) => Promise<void> }> = {
  'demo:seed': {
    help: 'load the demo workspace (real Cloudflare outages) into an empty database',
    async run() {
      const infrastructure = await prepareInfrastructure('cli');
      // This command seeds (or says why not) itself; the boot hook stays quiet.
      infrastructure.environment.DEMO_SEED = false;
      try {
        const app = await NestFactory.createApplicationContext(
          RootModule.forRoot({
            environment: infrastructure.environment,
            api: false,
            workers: false,
          }),
          { logger: ['error', 'warn'] },
        );
        try {
          const result = await app.get(DemoSeedService).seedIfEmpty();
          process.stdout.write(
            result.seeded
              ? `Demo workspace loaded: ${result.incidents.join(', ')}\n`
              : `Nothing loaded: ${result.reason}.\n`,
          );
          if (!result.seeded) process.exitCode = 1;
        } finally {
          await app.close();
        }
      } finally {
        await infrastructure.shutdown();
      }
    },
  },
  'migration:run': {
    help: 'apply pending migrations (embedded database when DATABASE_URL is unset)',
    async run() {
      const infrastructure = await prepareInfrastructure('cli', {
        ...process.env,
        MIGRATIONS_RUN: 'false',
      });
      try {
        const applied = await runMigrations(infrastructure.environment.DATABASE_URL as string);
        process.stdout.write(
          applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n',
        );
      } finally {
        await infrastructure.shutdown();
      }
    },
  },
  'migration:show': {
    help: 'list migrations that are not applied yet',
    async run() {
      const infrastructure = await prepareInfrastructure('cli', {
        ...process.env,
        MIGRATIONS_RUN: 'false',
      });
      const dataSource = new DataSource(
        buildDataSourceOptions({
          url: infrastructure.environment.DATABASE_URL as string,
          poolSize: 1,
        }),
      );
      try {
        await dataSource.initialize();
        const pending = await pendingMigrations(dataSource);
        process.stdout.write(
          pending.length ? `Pending: ${pending.join(', ')}\n` : 'Schema is current.\n',
        );
      } finally {
        await dataSource.destroy().catch(() => undefined);
        await infrastructure.shutdown();
      }
    },
  },
};

runMain(async () => {
  const [command, ...args] = process.argv.slice(2);
  const entry = command ? COMMANDS[command] : undefined;
  if (!entry) {
    const list = Object.entries(COMMANDS)
      .map(([name, { help }]) => `  ${name.padEnd(18)} ${help}`)
      .join('\n');
    process.stderr.write(
      `${command ? `Unknown command "${command}".\n` : ''}Usage: npm run cli -- <command>\n${list}\n`,
    );
    process.exit(command ? 2 : 0);
  }
  await entry.run(args);
});
