import { networkInterfaces } from 'node:os';
import { LoopbackCanary } from '../../support/outbound-canary';
import { ReliabilitySystem, ReliabilityArea, waitFor } from '../harness';

/** Host forms that lead to this machine's loopback (refused unless loopback is allowed). */
const LOOPBACK_HOSTS = [
  '127.0.0.1',
  '127.1',
  '127.0.1',
  '127.255.255.254',
  '2130706433',
  '0x7f000001',
  '0x7f.0.0.1',
  '0177.0.0.1',
  '127.0.0.1.',
  '１２７.０.０.１',
  'localhost',
  'LOCALHOST',
  '[::1]',
  '[0:0:0:0:0:0:0:1]',
];

/** Host forms refused whatever the loopback setting says. */
function alwaysRefusedHosts(): string[] {
  const own = Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry && entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry!.address);
  return [
    '0.0.0.0',
    '0',
    '[::]',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '[::127.0.0.1]',
    '[::ffff:0.0.0.0]',
    '[64:ff9b::7f00:1]',
    '[2002:7f00:1::]',
    '169.254.169.254',
    '[::169.254.169.254]',
    '[::ffff:169.254.169.254]',
    '10.0.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '[fd00::1]',
    '[fe80::1]',
    // This machine's own addresses, and their mapped forms.
    ...own.flatMap((address) => [address, `[::ffff:${address}]`]),
  ];
}

const SCHEMES = (port: number) => [
  'file:///etc/passwd',
  `gopher://127.0.0.1:${port}/_GET`,
  `ftp://127.0.0.1:${port}/`,
  `http://user:password@127.0.0.1:${port}/`,
];

const REFUSAL = /internal address|only http and https|not a URL|credentials|not allowed|forbidden/i;

interface Tally {
  cases: number;
  refused: number;
  failures: string[];
}

function record(tally: Tally, what: string, refused: boolean, detail: string): void {
  tally.cases += 1;
  if (refused) tally.refused += 1;
  else if (tally.failures.length < 12) tally.failures.push(`${what}: ${detail.slice(0, 200)}`);
}

const PUBLIC_PLACEHOLDER = 'https://93.184.215.14/placeholder';

/**
 * Every kind of URL the product accepts, at every stage: save (status source, 4 export target
 * kinds, 2 channel kinds), status preview, poll, push (3 HTTP connectors), delivery (2 channel
 * kinds). Poll, push and delivery read URLs that got into the database anyway (an older version,
 * or DNS that changed): they are written there directly.
 */
async function everyStage(
  product: ReliabilitySystem,
  urls: string[],
  tally: Tally,
  postmortemId: string,
): Promise<void> {
  const vendor = await product.factories.newVendor();
  for (const url of urls) {
    const saves: Array<[string, string, unknown]> = [
      ['status source', '/api/status-sources', { vendorId: vendor.id, url }],
      [
        'webhook target',
        '/api/export-targets',
        { name: `s ${url}`, kind: 'webhook', config: { url } },
      ],
      [
        'mediawiki target',
        '/api/export-targets',
        {
          name: `m ${url}`,
          kind: 'mediawiki',
          config: { apiUrl: url },
          credentials: { username: 'Bot@rca', password: 'a-bot-password-of-some-length' },
        },
      ],
      [
        'confluence target',
        '/api/export-targets',
        {
          name: `c ${url}`,
          kind: 'confluence',
          config: { baseUrl: url, spaceId: '1' },
          credentials: { email: 'bot@example.com', apiToken: 'token' },
        },
      ],
      [
        'git target',
        '/api/export-targets',
        { name: `g ${url}`, kind: 'git', config: { url: url.replace(/^http:/, 'https:') } },
      ],
      [
        'webhook channel',
        '/api/notification-channels',
        { name: `w ${url}`, kind: 'webhook', url, topics: ['test'] },
      ],
      [
        'slack channel',
        '/api/notification-channels',
        { name: `k ${url}`, kind: 'slack', url, topics: ['test'] },
      ],
    ];
    for (const [kind, route, body] of saves) {
      const answer = await product.call('POST', route, body);
      record(
        tally,
        `save ${kind} ${url}`,
        answer.status >= 400 && answer.status < 500,
        `answered ${answer.status}`,
      );
    }
    const preview = await product.call('POST', '/api/status-sources/preview', { url });
    record(
      tally,
      `preview ${url}`,
      preview.status >= 400 && preview.status < 500,
      `answered ${preview.status}`,
    );
  }
  // Poll: sources whose stored URL is internal.
  for (const url of urls) {
    const source = await product.factories.newStatusSource({
      vendorId: vendor.id,
      url,
      enabled: false,
    });
    const answer = await product.call('POST', `/api/status-sources/${source.id}/poll`);
    const health = answer.body?.source?.health;
    record(
      tally,
      `poll ${url}`,
      answer.status === 200 && answer.body.outcome === 'failed' && !health?.lastSuccessAt,
      `answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 150)}`,
    );
  }
  // Push and delivery: saved on a public placeholder, then pointed at the internal URL.
  const runs: Array<[string, string]> = [];
  const deliveries: Array<[string, string]> = [];
  for (const url of urls) {
    for (const [kind, key, credentials] of [
      ['webhook', 'url', undefined],
      ['mediawiki', 'apiUrl', { username: 'Bot@rca', password: 'a-bot-password-of-some-length' }],
      ['confluence', 'baseUrl', { email: 'bot@example.com', apiToken: 'token' }],
    ] as const) {
      const created = await product.call('POST', '/api/export-targets', {
        name: `push ${kind} ${url}`,
        kind,
        enabled: true,
        team: 'ssrf-nobody',
        config: { [key]: PUBLIC_PLACEHOLDER, ...(kind === 'confluence' ? { spaceId: '1' } : {}) },
        ...(credentials ? { credentials } : {}),
      });
      if (created.status !== 201) {
        record(tally, `push ${kind} ${url}`, false, `target answered ${created.status}`);
        continue;
      }
      await product.query(
        `UPDATE export_target SET config = jsonb_set(config, $2, to_jsonb($3::text)) WHERE id = $1`,
        [created.body.id, `{${key}}`, url],
      );
      const queued = await product.call('POST', `/api/postmortems/${postmortemId}/exports`, {
        targetId: created.body.id,
        force: true,
      });
      if (queued.status !== 202)
        record(tally, `push ${kind} ${url}`, false, `push answered ${queued.status}`);
      else runs.push([`push ${kind} ${url}`, queued.body[0].id]);
    }
    for (const kind of ['webhook', 'slack']) {
      const created = await product.call('POST', '/api/notification-channels', {
        name: `deliver ${kind} ${url}`,
        kind,
        url: PUBLIC_PLACEHOLDER,
        topics: ['test'],
      });
      if (created.status !== 201) {
        record(tally, `deliver ${kind} ${url}`, false, `channel answered ${created.status}`);
        continue;
      }
      await product.query(`UPDATE notification_channel SET url = $2 WHERE id = $1`, [
        created.body.id,
        url,
      ]);
      const test = await product.call('POST', `/api/notification-channels/${created.body.id}/test`);
      if (test.status >= 300)
        record(tally, `deliver ${kind} ${url}`, false, `test answered ${test.status}`);
      else deliveries.push([`deliver ${kind} ${url}`, test.body.id]);
    }
  }
  await waitFor(async () => {
    const [row] = await product.query(
      `SELECT (SELECT count(*)::int FROM export_run WHERE id = ANY($1) AND status = 'pending') +
              (SELECT count(*)::int FROM notification_delivery WHERE id = ANY($2) AND status = 'pending') AS n`,
      [runs.map(([, id]) => id), deliveries.map(([, id]) => id)],
    );
    return row.n === 0;
  }, 90_000);
  for (const [what, id] of runs) {
    const [run] = await product.query(`SELECT status, error FROM export_run WHERE id = $1`, [id]);
    record(
      tally,
      what,
      run.status === 'failed' && REFUSAL.test(run.error ?? ''),
      `${run.status}: ${run.error}`,
    );
  }
  for (const [what, id] of deliveries) {
    const [delivery] = await product.query(
      `SELECT status, last_error FROM notification_delivery WHERE id = $1`,
      [id],
    );
    record(
      tally,
      what,
      delivery.status === 'failed' && REFUSAL.test(delivery.last_error ?? ''),
      `${delivery.status}: ${delivery.last_error}`,
    );
  }
}

/**
 * Redirects: the suite's receiver (on loopback, which the main system allows) answers 302 to an
 * internal URL. Status fetches follow redirects and check every hop; pushes and deliveries never
 * follow one.
 */
async function redirectStages(
  system: ReliabilitySystem,
  targets: string[],
  tally: Tally,
): Promise<void> {
  const vendor = await system.factories.newVendor();
  const { postmortemId } = await system.newPostmortem();
  const runs: Array<[string, string]> = [];
  const deliveries: Array<[string, string]> = [];
  for (const [index, target] of targets.entries()) {
    const path = `/ssrf-redirect/${index}`;
    system.receiver.redirects.set(path, target);
    const url = `${system.receiver.url}${path}`;
    const preview = await system.call('POST', '/api/status-sources/preview', { url });
    record(
      tally,
      `redirect preview → ${target}`,
      preview.status >= 400 && preview.status < 500,
      `answered ${preview.status}`,
    );
    const source = await system.factories.newStatusSource({
      vendorId: vendor.id,
      url,
      enabled: false,
    });
    const polled = await system.call('POST', `/api/status-sources/${source.id}/poll`);
    record(
      tally,
      `redirect poll → ${target}`,
      polled.status === 200 && polled.body.outcome === 'failed',
      `answered ${polled.status} ${JSON.stringify(polled.body).slice(0, 150)}`,
    );
    const exportTarget = await system.factories.newExportTarget({
      config: { url },
      team: 'ssrf-nobody',
    });
    const queued = await system.call('POST', `/api/postmortems/${postmortemId}/exports`, {
      targetId: exportTarget.id,
      force: true,
    });
    if (queued.status === 202) runs.push([`redirect push → ${target}`, queued.body[0].id]);
    else record(tally, `redirect push → ${target}`, false, `answered ${queued.status}`);
    const channel = await system.call('POST', '/api/notification-channels', {
      name: `redirect ${index}`,
      kind: 'webhook',
      url,
      topics: ['test'],
    });
    const test = await system.call('POST', `/api/notification-channels/${channel.body?.id}/test`);
    if (test.status < 300) deliveries.push([`redirect deliver → ${target}`, test.body.id]);
    else
      record(
        tally,
        `redirect deliver → ${target}`,
        false,
        `answered ${channel.status}/${test.status}`,
      );
  }
  await waitFor(async () => {
    const [row] = await system.query(
      `SELECT (SELECT count(*)::int FROM export_run WHERE id = ANY($1) AND status = 'pending') +
              (SELECT count(*)::int FROM notification_delivery WHERE id = ANY($2) AND status = 'pending') AS n`,
      [runs.map(([, id]) => id), deliveries.map(([, id]) => id)],
    );
    return row.n === 0;
  }, 90_000);
  for (const [what, id] of runs) {
    const [run] = await system.query(`SELECT status, error FROM export_run WHERE id = $1`, [id]);
    record(
      tally,
      what,
      run.status === 'failed' && /answered 302/.test(run.error ?? ''),
      `${run.status}: ${run.error}`,
    );
  }
  for (const [what, id] of deliveries) {
    const [delivery] = await system.query(
      `SELECT status, last_error FROM notification_delivery WHERE id = $1`,
      [id],
    );
    record(
      tally,
      what,
      delivery.status === 'failed' && /answered 302/.test(delivery.last_error ?? ''),
      `${delivery.status}: ${delivery.last_error}`,
    );
  }
}

/** The SSRF corpus through every kind of URL the product accepts, counting canary connections. */
export const ssrfArea: ReliabilityArea = {
  name: 'ssrf',
  description:
    'the SSRF corpus (loopback, metadata, private, embedded-IPv4 and odd spellings, other schemes) at save, preview, poll, push, delivery and behind redirects: every one refused, 0 connections to the canary listener',
  timeoutMs: 240_000,
  totals: { 'SSRF connections': 'canaryConnections' },
  async run(system) {
    const canary = await new LoopbackCanary().start('::');
    // A product with loopback refused (production settings), beside the suite's own (which
    // allows loopback for its receivers): the loopback forms are tried on it.
    const strict = await system.isolated('ssrf', {
      OUTBOUND_ALLOW_LOOPBACK: 'false',
      STATUS_FETCH_ALLOW_LOOPBACK: 'false',
      EXPORT_ALLOW_LOOPBACK: 'false',
      NOTIFICATION_ALLOW_LOOPBACK: 'false',
      STATUS_FETCH_TIMEOUT_MS: '2000',
    });
    const tally: Tally = { cases: 0, refused: 0, failures: [] };
    try {
      const hosts = [...LOOPBACK_HOSTS, ...alwaysRefusedHosts()];
      const urls = [
        ...hosts.map((host) => `http://${host}:${canary.port}/ssrf`),
        ...SCHEMES(canary.port),
      ];
      const { postmortemId } = await strict.newPostmortem();
      await everyStage(strict, urls, tally, postmortemId);
      // Redirect targets refused even where loopback is allowed.
      await redirectStages(
        system,
        [
          ...alwaysRefusedHosts().map((host) => `http://${host}:${canary.port}/ssrf`),
          'file:///etc/passwd',
        ],
        tally,
      );
    } finally {
      await strict.stop();
      await canary.close();
    }
    const failures = [...tally.failures];
    if (canary.connections > 0)
      failures.unshift(`${canary.connections} connections reached the canary listener`);
    return {
      figures: {
        cases: tally.cases,
        refused: tally.refused,
        notRefused: tally.cases - tally.refused,
        canaryConnections: canary.connections,
      },
      failures,
    };
  },
};
