import { badInputArea } from './bad-input.area';
import { embeddedArea } from './embedded.area';
import { lockoutRaceArea } from './lockout-race.area';
import { parsersPropertyArea } from './parsers-property.area';
import { renderersPropertyArea } from './renderers-property.area';
import { ssrfArea } from './ssrf.area';
import { xssArea } from './xss.area';
import type { ReliabilityArea } from '../harness';
import { postgresOutageArea } from './postgres-outage.area';
import { redisOutageFollowUpsArea } from './redis-outage-follow-ups.area';
import { redisOutageArea } from './redis-outage.area';
import { workerKillArea } from './worker-kill.area';
import { workerSigtermArea } from './worker-sigterm.area';

/**
 * Every area of the reliability suite, in run order. To add one: a file `<name>.area.ts` in this
 * folder exporting a ReliabilityArea, and one line here. Areas share one running system and must
 * leave it running (the suite calls ensureRunning() between areas anyway).
 */
export const AREAS: ReliabilityArea[] = [
  // Hostile input first, on a quiet system (the bad-input area compares database fingerprints).
  parsersPropertyArea,
  renderersPropertyArea,
  badInputArea,
  xssArea,
  ssrfArea,
  lockoutRaceArea,
  // Outages and kills.
  workerSigtermArea,
  redisOutageArea,
  postgresOutageArea,
  workerKillArea,
  redisOutageFollowUpsArea,
  embeddedArea,
];
