// `npm run cli -- <command>`: operator commands that share the app's configuration and boot checks.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { RootModule } from '@rca/app';
import { EXPORT_FORMATS, ExportFormat, ExportsService } from '@rca/exports';
import { DemoSeedService } from '@rca/incidents';
import { DeadlineSchedulerService, PostmortemRepository, RcaDraftService } from '@rca/postmortems';
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
  'rca:draft': {
    help: 'draft (or regenerate the generated sections of) the RCA of <INC-YYYY-NNNN | incident id | --all-resolved>',
    async run(args) {
      const target = args[0];
      if (!target)
        throw new Error(
          'Usage: npm run cli -- rca:draft <INC-YYYY-NNNN | incident id | --all-resolved>',
        );
      await withContext(async (app) => {
        const ids = await app
          .get(PostmortemRepository)
          .resolvedIncidentIds(target === '--all-resolved' ? null : target);
        if (ids.length === 0) {
          process.stdout.write(`No resolved incident matches ${target}.\n`);
          process.exitCode = 1;
          return;
        }
        for (const id of ids) {
          const result = await app
            .get(RcaDraftService)
            .generate(id, { force: true, author: 'cli' });
          process.stdout.write(
            `${id}: postmortem ${result.postmortemId} ${result.created ? 'created' : 'regenerated'}; rewritten: ${result.rewritten.join(', ') || 'none'}; kept: ${result.kept.join(', ') || 'none'}\n`,
          );
        }
      });
    },
  },
  'deadlines:recompute': {
    help: 'recompute the due instant and reminders of every open postmortem (after a holiday calendar change)',
    async run() {
      await withContext(async (app) => {
        const ids = await app.get(PostmortemRepository).allOpenPostmortemIds();
        for (const id of ids) {
          const postmortem = await app.get(DeadlineSchedulerService).apply(id);
          process.stdout.write(`${id}: due ${postmortem?.dueAt?.toISOString() ?? 'none'}\n`);
        }
        process.stdout.write(`${ids.length} open postmortem(s) recomputed.\n`);
      });
    },
  },
  'exports:render': {
    help: 'write the export of <postmortem id> in <markdown|html|confluence|mediawiki|json> [public] to stdout',
    async run(args) {
      const [id, format, variant] = args;
      if (
        !id ||
        !(EXPORT_FORMATS as readonly string[]).includes(format ?? '') ||
        (variant && variant !== 'public')
      )
        throw new Error(
          `Usage: npm run cli -- exports:render <postmortem id> <${EXPORT_FORMATS.join('|')}> [public]`,
        );
      await withContext(async (app) => {
        const output = await app
          .get(ExportsService)
          .export(id, format as ExportFormat, variant === 'public' ? 'public' : 'internal');
        process.stdout.write(output.body);
      });
    },
  },
  'exports:push': {
    help: 'queue pushes of <postmortem id> to [target id] or every enabled target of its team (a worker delivers them)',
    async run(args) {
      const [id, targetId] = args;
      if (!id) throw new Error('Usage: npm run cli -- exports:push <postmortem id> [target id]');
      await withContext(async (app) => {
        const runs = await app.get(ExportsService).pushNow(id, targetId, false);
        for (const run of runs)
          process.stdout.write(
            `${run.id}: target ${run.targetId} revision ${run.revision} ${run.status}\n`,
          );
        if (runs.length === 0)
          process.stdout.write('No enabled export target takes this postmortem.\n');
      });
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

/** Runs `work` in an application context (no HTTP, no workers) on the configured infrastructure. */
async function withContext(
  work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<void>,
) {
  const infrastructure = await prepareInfrastructure('cli');
  infrastructure.environment.DEMO_SEED = false;
  try {
    const app = await NestFactory.createApplicationContext(
      RootModule.forRoot({ environment: infrastructure.environment, api: false, workers: false }),
      { logger: ['error', 'warn'] },
    );
    try {
      await work(app);
    } finally {
      await app.close();
    }
  } finally {
    await infrastructure.shutdown();
  }
}

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
