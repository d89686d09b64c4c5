// A loopback fleet of fake status endpoints, run in a child process so its CPU is not billed to
// the worker. The mix (argv[2], "a:b:c", default 1:1:1) gives each source a behaviour by its index:
// the first a of every a+b+c sources send an ETag and answer 304 once seen, the next b an unchanged
// 200 without validators, the last c a changed 200 every time (one new incident update per request).
import * as http from 'node:http';
import { AddressInfo } from 'node:net';

const COMPONENTS = Array.from({ length: 10 }, (_, i) => ({
  id: `comp${String(i).padStart(8, '0')}`,
  name: `Component ${i}`,
  status: i === 0 ? 'major_outage' : 'operational',
  group: false,
  group_id: null,
}));

function payload(source: number, generation: number): string {
  const updates = Array.from({ length: 5 }, (_, k) => {
    const n = Math.max(0, generation - k);
    const at = new Date(Date.UTC(2025, 10, 18, 11, 20) + n * 60_000).toISOString();
    return {
      id: `u${source}x${n}`,
      incident_id: `inc${source}`,
      status: 'investigating',
      body: `Update ${n}: we are investigating elevated error rates on Component 0.`,
      created_at: at,
      updated_at: at,
      display_at: at,
      affected_components: [
        {
          code: COMPONENTS[0].id,
          name: COMPONENTS[0].name,
          old_status: 'operational',
          new_status: 'major_outage',
        },
      ],
    };
  }).filter((u, index, all) => all.findIndex((v) => v.id === u.id) === index);
  return JSON.stringify({
    page: {
      id: `page${source}`,
      name: `Vendor ${source}`,
      url: 'https://status.example.com',
      time_zone: 'Etc/UTC',
      updated_at: updates[0].created_at,
    },
    status: { indicator: 'major', description: 'Partial System Outage' },
    components: COMPONENTS,
    incidents: [
      {
        id: `inc${source}`,
        name: 'Elevated error rates',
        status: 'investigating',
        impact: 'major',
        created_at: '2025-11-18T11:20:00.000Z',
        started_at: '2025-11-18T11:20:00.000Z',
        updated_at: updates[0].created_at,
        monitoring_at: null,
        resolved_at: null,
        shortlink: `https://stspg.io/inc${source}`,
        components: [COMPONENTS[0]],
        incident_updates: updates,
      },
    ],
    scheduled_maintenances: [],
  });
}

const mix = (process.argv[2] ?? '1:1:1').split(':').map(Number);
const kindOf = (source: number) => {
  const slot = source % (mix[0] + mix[1] + mix[2]);
  return slot < mix[0] ? 0 : slot < mix[0] + mix[1] ? 1 : 2;
};

const generations = new Map<number, number>();
const stable = new Map<number, string>();
const server = http.createServer((request, response) => {
  const match = /^\/s\/(\d+)$/.exec(request.url ?? '');
  if (!match) return response.writeHead(404).end();
  const source = Number(match[1]);
  const kind = kindOf(source);
  if (kind === 2) {
    const generation = (generations.get(source) ?? 0) + 1;
    generations.set(source, generation);
    return response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(payload(source, generation));
  }
  let body = stable.get(source);
  if (!body) stable.set(source, (body = payload(source, 0)));
  if (kind === 0) {
    const etag = `"s${source}"`;
    if (request.headers['if-none-match'] === etag) return response.writeHead(304, { etag }).end();
    return response.writeHead(200, { 'content-type': 'application/json', etag }).end(body);
  }
  response.writeHead(200, { 'content-type': 'application/json' }).end(body);
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', (message: { type?: string }) => {
  if (message?.type === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (message?.type === 'reset') generations.clear();
});
// Never outlive the bench.
process.on('disconnect', () => process.exit(0));
