import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.join(__dirname, 'fixtures');

/** The text of a fixture, e.g. fixture('github/status_2023-05-09T1952Z.json'). */
export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export const REAL_FIXTURES = [
  'anthropic/scheduled-maintenances_2026-09-15.json',
  'cloudflare/status_2022-06-21T0648Z.json',
  'cloudflare/summary_2022-06-21T0801Z_incident-xvs51y9qs9dj.json',
  'cloudflare/summary_2023-11-03T0436Z_incident-hm7491k53ppg.json',
  'gcp/incidents_2022-07-03_slice-newest.json',
  'github/status_2023-05-09T1952Z.json',
  'github/summary_2022-03-28T1238Z_scheduled-maintenance.json',
  'github/summary_2023-05-09T1952Z_incident-f0mhbz9xn497.json',
  'openai/summary_2026-07-09_all-operational.json',
  'saucelabs/history_2020-11-15.atom',
];
