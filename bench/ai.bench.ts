// `npm run bench -- ai [--base-url URL --model NAME] [--runs N]`: scores AI suggestions for
// citation validity and fact coverage over a fixed set of incidents (the demo seed's outages and
// synthetic ones), through the product's own path (AiAssistService.suggest: the labelled record,
// the public-export redaction, the openai SDK on the outbound client, the citation check, audit).
// Without --base-url it runs against the loopback OpenAI contract server (test/support), which
// answers extractively ("extractive") or with invented and uncited sentences mixed in ("noisy");
// those figures measure the pipeline and the checker, not a model. With --base-url (key in
// AI_BENCH_API_KEY) the same incidents are scored against a real model.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AiAssistService, AI_SECTIONS, checkCitations, type SuggestionEvent } from '@rca/ai-assist';
import type { Principal } from '@rca/accounts';
import { RootModule } from '@rca/app';
import {
  DemoSeedService,
  ImpactService,
  IncidentService,
  TimelineEventService,
} from '@rca/incidents';
import { RcaDraftService } from '@rca/postmortems';
import { loadEnvironment, runMigrations } from '@rca/shared';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  extractiveAnswer,
  OpenAiContractServer,
  type ReceivedChatRequest,
} from '../test/support/openai-contract-server';
import { ADMIN_URL, withDatabase } from './data';

const DATABASE = process.env.BENCH_AI_DATABASE ?? 'rca_bench_ai';

/** The facts a good summary of each incident states (regular expressions, case-insensitive). */
export const EXPECTED_FACTS: Record<string, string[]> = {
  'Chat web and Public API return HTTP 500 (Cloudflare global outage)': [
    'HTTP 500|5xx|Internal server error',
    'Chat web',
    'Cloudflare|CDN provider|third-party provider',
    'Bot Management',
    '14:30',
    'iOS app',
  ],
  'HTTP 502 on every page (Cloudflare WAF deploy)': [
    'HTTP 502|502 Bad Gateway',
    'WAF',
    'Fastly',
    'Cloudflare',
    'regular expression|backtrack',
  ],
  'Push notifications delayed (AWS us-east-1 DynamoDB)': [
    'DynamoDB',
    'DNS|does not resolve',
    'queue',
    'backlog',
    'us-east-1',
  ],
  'Search results stale after index migration': ['edited messages', 'rolled back', 'Re-index'],
  'Checkout failing after payment provider certificate expiry': [
    'certificate',
    'Checkout|checkout',
    'HTTP 495|TLS|handshake',
    'renewed|renewal',
  ],
  'Login outage from a bad feature flag': [
    'feature flag',
    'Login|login',
    'reverted|rollback|rolled back',
  ],
};

/** Synthetic incidents beside the demo seed, entered through the incident services. */
const SYNTHETIC: Array<{
  title: string;
  severity: 'SEV1' | 'SEV2' | 'SEV3';
  startedAt: string;
  resolvedAt: string;
  impacts: Array<[string, 'degraded' | 'major_outage', string, string]>;
  timeline: Array<[string, string, string, string]>;
}> = [
  {
    title: 'Checkout failing after payment provider certificate expiry',
    severity: 'SEV2',
    startedAt: '2025-06-01T08:00:00Z',
    resolvedAt: '2025-06-01T09:10:00Z',
    impacts: [['public-api', 'major_outage', '2025-06-01T08:00:00Z', '2025-06-01T09:10:00Z']],
    timeline: [
      [
        '2025-06-01T08:04:00Z',
        'detection',
        'Checkout errors: TLS handshake fails towards the payment provider (HTTP 495 from our gateway).',
        'grace@example.com',
      ],
      [
        '2025-06-01T08:10:00Z',
        'escalation',
        'Grace Hopper pages Ada Lovelace (ada@example.com): the client certificate expired at 08:00 UTC.',
        'grace@example.com',
      ],
      [
        '2025-06-01T08:50:00Z',
        'mitigation',
        'Certificate renewed and deployed to the gateway by Ada Lovelace.',
        'ada@example.com',
      ],
      [
        '2025-06-01T09:10:00Z',
        'resolution',
        'Checkout success rate back to baseline; renewal reminder added.',
        'ada@example.com',
      ],
    ],
  },
  {
    title: 'Login outage from a bad feature flag',
    severity: 'SEV1',
    startedAt: '2025-08-14T15:30:00Z',
    resolvedAt: '2025-08-14T15:52:00Z',
    impacts: [['chat-web', 'major_outage', '2025-08-14T15:30:00Z', '2025-08-14T15:52:00Z']],
    timeline: [
      [
        '2025-08-14T15:31:00Z',
        'detection',
        'Login success rate drops to 3 %; deploy bot reports feature flag new-session-store enabled for 100 %.',
        'grace@example.com',
      ],
      [
        '2025-08-14T15:40:00Z',
        'mitigation',
        'Feature flag reverted by grace@example.com; logins recover.',
        'grace@example.com',
      ],
      [
        '2025-08-14T15:52:00Z',
        'resolution',
        'Sessions created during the outage invalidated; login rate normal.',
        'ada@example.com',
      ],
    ],
  },
];

/** Secrets the redaction must keep from the endpoint (people named on the synthetic records). */
const NEVER_SENT = ['Grace', 'Hopper', 'Ada Lovelace', 'example.com'];

/** The "noisy" contract answer: the extractive one plus an invented and an uncited sentence. */
function noisyAnswer(request: ReceivedChatRequest): string {
  return `${extractiveAnswer(request)} The database ran out of connections [T97]. Everyone worked hard and the team learned a lot.`;
}

interface Row {
  model: string;
  incidents: number;
  suggestions: number;
  failures: number;
  citedIds: number;
  validIds: number;
  sentences: number;
  kept: number;
  facts: number;
  factsCovered: number;
  leaks: number;
  latencies: number[];
  tokens: number;
}

function option(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

async function freshDatabase(): Promise<string> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const url = withDatabase(ADMIN_URL, DATABASE);
  await runMigrations(url);
  return url;
}

export async function runAiBench(args: string[]): Promise<void> {
  const baseUrl = option(args, '--base-url');
  const modelName = option(args, '--model') ?? 'contract-model';
  const runs = Number(option(args, '--runs') ?? 1);
  const contract = baseUrl ? null : await new OpenAiContractServer().start();
  const url = await freshDatabase();
  const environment = loadEnvironment({
    NODE_ENV: 'production',
    DATABASE_URL: url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bench-ai-${process.pid}`,
    LOG_LEVEL: 'silent',
    SERVE_WEB: 'false',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'rca-bench-ai-')),
    EXPORT_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    // Only the loopback contract server needs it; a real endpoint goes through the normal policy.
    OUTBOUND_ALLOW_LOOPBACK: contract ? 'true' : 'false',
  });
  const app = await NestFactory.createApplicationContext(
    RootModule.forRoot({ environment, api: true, workers: false }),
    { logger: false },
  );
  try {
    const dataSource = app.get(DataSource);
    await app.get(DemoSeedService).seedIfEmpty();
    for (const [email, name] of [
      ['grace@example.com', 'Grace Hopper'],
      ['ada@example.com', 'Ada Lovelace'],
    ])
      await dataSource.query(
        `INSERT INTO user_account (email, display_name, role) VALUES ($1, $2, 'responder')`,
        [email, name],
      );
    const incidents = app.get(IncidentService);
    for (const synthetic of SYNTHETIC) {
      const created = await incidents.createIncident(
        {
          title: synthetic.title,
          summary: '',
          severity: synthetic.severity,
          status: 'resolved',
          startedAt: synthetic.startedAt,
          detectedAt: synthetic.timeline[0]![0],
          acknowledgedAt: synthetic.timeline[1]![0],
          mitigatedAt: synthetic.timeline.at(-2)![0],
          resolvedAt: synthetic.resolvedAt,
          labels: [],
          regions: [],
          errorSignatures: [],
        } as never,
        'bench',
      );
      for (const [service, level, from, to] of synthetic.impacts)
        await app
          .get(ImpactService)
          .createImpact(created.reference, { service, level, from, to } as never, 'bench');
      for (const [occurredAt, kind, body, author] of synthetic.timeline)
        await app
          .get(TimelineEventService)
          .createTimelineEvent(
            created.reference,
            { occurredAt, kind, body, source: 'manual', author } as never,
            author,
          );
    }
    const resolved: Array<{ id: string; title: string }> = await dataSource.query(
      `SELECT id, title FROM incident WHERE resolved_at IS NOT NULL ORDER BY started_at`,
    );
    const drafts = app.get(RcaDraftService);
    const postmortems: Array<{ id: string; title: string }> = [];
    for (const incident of resolved) {
      const draft = await drafts.generate(incident.id, { author: 'bench' });
      postmortems.push({ id: draft.postmortemId, title: incident.title });
    }

    const ai = app.get(AiAssistService);
    const admin: Principal = {
      userId: randomUUID(),
      email: 'bench@example.com',
      displayName: 'bench',
      role: 'admin',
      kind: 'human',
      teamIds: [],
      via: 'token',
    };
    const variants = contract
      ? [
          {
            name: 'contract server, extractive',
            answer: (r: ReceivedChatRequest) => extractiveAnswer(r),
          },
          { name: 'contract server, noisy (invented + uncited sentences)', answer: noisyAnswer },
        ]
      : [{ name: modelName, answer: null }];
    const rows: Row[] = [];
    for (const variant of variants) {
      if (contract && variant.answer) {
        const answer = variant.answer;
        contract.answerWith((request) => ({ kind: 'answer', text: answer(request), chunks: 6 }));
      }
      const current = await ai.settingsView();
      await ai.saveSettings(
        {
          version: current.version,
          enabled: true,
          baseUrl: baseUrl ?? contract!.url,
          model: modelName,
          apiKey: process.env.AI_BENCH_API_KEY ?? 'sk-contract',
          dailyTokenLimit: 100_000_000,
          dailyCostLimitUsd: 0,
          inputCostPerMillionTokensUsd: 0,
          outputCostPerMillionTokensUsd: 0,
          allowInternalSections: false,
          timeoutSeconds: 120,
          maxOutputTokens: 800,
        },
        admin,
      );
      const row: Row = {
        model: variant.name,
        incidents: postmortems.length,
        suggestions: 0,
        failures: 0,
        citedIds: 0,
        validIds: 0,
        sentences: 0,
        kept: 0,
        facts: 0,
        factsCovered: 0,
        leaks: 0,
        latencies: [],
        tokens: 0,
      };
      if (contract) contract.received.length = 0;
      for (let run = 0; run < runs; run += 1)
        for (const postmortem of postmortems)
          for (const section of AI_SECTIONS) {
            const prepared = await ai.prepare(postmortem.id, section, {
              allowInternalSections: false,
            });
            const known = new Set(prepared.entries.map((entry) => entry.label));
            const started = performance.now();
            let raw = '';
            let final: SuggestionEvent | undefined;
            try {
              for await (const event of await ai.suggest(
                postmortem.id,
                section,
                admin,
                undefined,
              )) {
                if (event.type === 'delta') raw += event.text;
                else final = event;
              }
            } catch (error) {
              final = {
                type: 'error',
                code: (error as { code?: string }).code ?? 'ERROR',
                message: String(error),
              };
            }
            row.latencies.push(performance.now() - started);
            const check = checkCitations(raw, known);
            for (const sentence of check.sentences) {
              row.citedIds += sentence.citations.length + sentence.invalid.length;
              row.validIds += sentence.citations.length;
            }
            row.sentences += check.sentences.length;
            if (final?.type !== 'suggestion') {
              row.failures += 1;
              continue;
            }
            row.suggestions += 1;
            row.kept += final.suggestion.markdown ? check.kept : 0;
            row.tokens +=
              final.suggestion.usage.promptTokens + final.suggestion.usage.completionTokens;
            if (section === 'summary') {
              const facts = EXPECTED_FACTS[postmortem.title] ?? [];
              row.facts += facts.length;
              row.factsCovered += facts.filter((fact) =>
                new RegExp(fact, 'i').test(final!.suggestion.markdown),
              ).length;
            }
          }
      if (contract)
        row.leaks = contract.received.filter((request) =>
          NEVER_SENT.some((secret) => request.raw.includes(secret)),
        ).length;
      rows.push(row);
    }
    const percent = (part: number, whole: number) =>
      whole ? `${((100 * part) / whole).toFixed(1)} %` : 'n/a';
    const median = (values: number[]) =>
      values.length
        ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!.toFixed(0)
        : 'n/a';
    const lines = [
      '| model | incidents | suggestions (ok / failed) | citation validity (answer) | sentences kept | fact coverage (summary) | prompts with a name or e-mail | median ms | tokens |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (row) =>
          `| ${row.model} | ${row.incidents} | ${row.suggestions} / ${row.failures} | ${percent(row.validIds, row.citedIds)} (${row.validIds}/${row.citedIds}) | ${percent(row.kept, row.sentences)} | ${percent(row.factsCovered, row.facts)} (${row.factsCovered}/${row.facts}) | ${contract ? row.leaks : 'n/a'} | ${median(row.latencies)} | ${row.tokens} |`,
      ),
    ];
    process.stdout.write(
      `${lines.join('\n')}\n\nNode ${process.version}, ${new Date().toISOString()}\n`,
    );
    // Against the contract server (CI runs this) the pipeline must hold its promises: no name or
    // e-mail in any prompt, and every suggestion checked (the noisy answers lose sentences, not runs).
    if (contract) {
      const broken = rows.filter((row) => row.leaks > 0 || row.failures > 0);
      if (broken.length) {
        process.stderr.write(
          `AI evaluation failed: ${broken.map((row) => `${row.model}: ${row.leaks} prompt(s) with a name or e-mail, ${row.failures} failed suggestion(s)`).join('; ')}\n`,
        );
        process.exitCode = 1;
      }
    }
  } finally {
    await app.close();
    await contract?.stop();
  }
}
