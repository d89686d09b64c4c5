import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbedded } from '../../embedded-process';
import { call, firstAdmin, mixedRequests } from '../../support/embedded-admin';
import { ReliabilityArea } from '../harness';

/**
 * The embedded mode (`npm start`, PGlite on a fresh DATA_DIR, the suite's own Redis): stale writes
 * answer 409 at once and leave the database healthy; mixed concurrent traffic gets no 5xx.
 */
export const embeddedArea: ReliabilityArea = {
  name: 'embedded',
  description: '20 concurrent stale writes on one incident, then 200 mixed requests (PGlite)',
  timeoutMs: 150_000,
  async run(system) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rca-reliability-embedded-'));
    const app = await startEmbedded(
      {
        DATA_DIR: dataDir,
        REDIS_URL: system.redis.url,
        QUEUE_PREFIX: `rca-reliability-embedded-${process.pid}`,
        AUTH_RATE_LIMIT: '1000',
      },
      90_000,
    );
    const failures: string[] = [];
    try {
      const session = await firstAdmin(app);
      const created = await Promise.all(
        ['A', 'B', 'C', 'D'].map((name) =>
          call(session, 'POST', '/incidents', {
            title: `Outage ${name}`,
            severity: 'SEV2',
            startedAt: '2025-11-18T11:20:00Z',
          }),
        ),
      );
      const [first, ...others] = created.map((answer) => answer.body.reference as string);
      await call(session, 'PATCH', `/incidents/${first}`, { version: 1, title: 'Outage A (CDN)' });
      const started = Date.now();
      const stale = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          call(session, 'PATCH', `/incidents/${first}`, { version: 1, title: `Stale ${index}` }),
        ),
      );
      const staleMs = Date.now() - started;
      const conflicts = stale.filter((answer) => answer.status === 409).length;
      const readyAfterStale = (await fetch(`${app.url}/readyz`)).status;
      const mixed = (await Promise.all(mixedRequests(session, others))).map((a) => a.status);
      const serverErrors = mixed.filter((status) => status >= 500).length;
      const readyAfterMixed = (await fetch(`${app.url}/readyz`)).status;
      if (conflicts !== 20) failures.push(`${conflicts}/20 stale writes answered 409`);
      if (staleMs > 10_000) failures.push(`stale writes took ${staleMs} ms`);
      if (readyAfterStale !== 200) failures.push(`/readyz ${readyAfterStale} after stale writes`);
      if (serverErrors) failures.push(`${serverErrors} × 5xx in mixed traffic`);
      if (readyAfterMixed !== 200) failures.push(`/readyz ${readyAfterMixed} after mixed traffic`);
      return {
        figures: {
          staleWrites: 20,
          s409: conflicts,
          staleMs,
          readyAfterStale,
          mixed: mixed.length,
          s5xx: serverErrors,
          s2xx: mixed.filter((status) => status < 300).length,
          s409mixed: mixed.filter((status) => status === 409).length,
          readyAfterMixed,
        },
        failures,
      };
    } finally {
      await app.stop('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
