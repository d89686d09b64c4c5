// `npm run cli -- <command>`: operator commands that share the app's configuration and boot checks.
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { RootModule } from '@rca/app';
import { EXPORT_FORMATS, ExportFormat, ExportsService } from '@rca/exports';
import { DeadlineSchedulerService, PostmortemRepository, RcaDraftService } from '@rca/postmortems';
import { LedgerDemoSeedService } from '@rca/vendor-ledger';
import { DataSource } from 'typeorm';
import { createAdminCommand } from '@rca/accounts';
import {
  parseStatusPayload,
  STATUS_SOURCE_FORMATS,
  statusFetchOptions,
  StatusFormatOrAuto,
  StatusParseError,
} from '@rca/status-sources';
import {
  BootError,
  FetchError,
  OutboundHttpClient,
  buildDataSourceOptions,
  loadEnvironment,
  pendingMigrations,
  prepareInfrastructure,
  runMain,
  runMigrations,
} from '@rca/shared';

/** `--name value` options; `--flag` alone is "true". */
function options(args: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (let index = 0; index < args.length; index += 1) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(args[index]);
    if (!match) throw new BootError(`Unexpected argument "${args[index]}"`);
    if (match[2] !== undefined) result[match[1]] = match[2];
    else if (args[index + 1] !== undefined && !args[index + 1].startsWith('--'))
      result[match[1]] = args[(index += 1)];
    else result[match[1]] = 'true';
  }
  return result;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const COMMANDS: Record<string, { help: string; run: (args: string[]) => Promise<void> }> = {
  'status:preview': {
    help: 'status:preview <url-or-file> [--format auto|statuspage|atom|rss|google-cloud|incident-io-widget]: print the normalised vendor status JSON',
    async run(args) {
      const formatIndex = args.indexOf('--format');
      const format = (formatIndex >= 0 ? args[formatIndex + 1] : 'auto') as StatusFormatOrAuto;
      const target = args.find(
        (arg, index) => !arg.startsWith('--') && (formatIndex < 0 || index !== formatIndex + 1),
      );
      if (!target || !(STATUS_SOURCE_FORMATS as readonly string[]).includes(format)) {
        process.stderr.write(
          `Usage: npm run cli -- status:preview <url-or-file> [--format ${STATUS_SOURCE_FORMATS.join('|')}]\n`,
        );
        process.exit(2);
      }
      try {
        let body: string;
        if (/^https?:\/\//i.test(target)) {
          // Same client, address policy and limits as the worker (OUTBOUND_ALLOW_LOOPBACK etc.).
          const client = new OutboundHttpClient(statusFetchOptions(loadEnvironment()));
          try {
            const result = await client.fetchDocument(target);
            if (result.notModified) throw new Error('unexpected 304');
            body = result.body;
          } finally {
            client.close();
          }
        } else if (existsSync(target)) body = readFileSync(target, 'utf8');
        else {
          process.stderr.write(`status:preview: ${target} is neither an http(s) URL nor a file\n`);
          process.exit(2);
        }
        process.stdout.write(`${JSON.stringify(parseStatusPayload(body, format), null, 2)}\n`);
      } catch (error) {
        if (error instanceof FetchError || error instanceof StatusParseError) {
          process.stderr.write(
            `status:preview: ${error.name} ${'kind' in error ? error.kind : ''}: ${error.message}\n`,
          );
          process.exit(1);
        }
        throw error;
      }
    },
  },
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
          const result = await app.get(LedgerDemoSeedService).seedIfEmpty();
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
  'user:create-admin': {
    help: 'create an admin: --email a@b.c --name "Full Name" [--password-stdin]; without a password, prints a one-time invitation link',
    async run(args) {
      const { email, name, 'password-stdin': passwordStdin } = options(args);
      if (!email || !name)
        throw new BootError(
          'Usage: npm run cli -- user:create-admin --email a@b.c --name "Full Name" [--password-stdin]',
        );
      const password = passwordStdin ? await readStdin() : undefined;
      const infrastructure = await prepareInfrastructure('cli');
      try {
        process.stdout.write(
          await createAdminCommand(infrastructure.environment, {
            email,
            displayName: name,
            password,
          }),
        );
      } catch (error) {
        const problem = error as { status?: number; message?: string };
        if (problem.status && problem.status < 500)
          throw new BootError(problem.message ?? 'refused');
        throw error;
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
