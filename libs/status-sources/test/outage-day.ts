import { fixture } from './fixtures';

/**
 * One scripted outage day of Cloudflare's Statuspage, built from the real capture
 * cloudflare/summary_2023-11-03T0436Z (incident hm7491k53ppg, 19 updates, 23 components; 8
 * maintenances) plus real-shaped edits:
 *
 * - the incident grows update by update (as the archived summaries did), then leaves
 *   summary.json and incidents.json tells how it ended (a final "resolved" update);
 * - an update's text is edited under the same id (as Cloudflare did on 2025-11-18);
 * - a component changes status with no update recording it (only the component lists say so);
 * - a maintenance starts (in_progress update, component under_maintenance) and ends: it leaves
 *   summary.json and scheduled-maintenances.json lists it completed;
 * - a second, short incident appears and disappears without any history answering for it: it
 *   is closed as "left the page", inferred, at the page's clock.
 *
 * Each capture has three documents, as the page serves them at that moment. The summary keeps
 * only the components the incidents and maintenances name (and their groups) so a replay stays
 * fast; every object is otherwise the capture's own.
 */
export interface Capture {
  /** The page's clock: page.updated_at, also served as the Date header. */
  clock: string;
  summary: Json;
  incidents: Json;
  maintenances: Json;
}

type Json = Record<string, unknown>;
type Obj = Record<string, any>;

const INCIDENT = 'hm7491k53ppg';
const MAINTENANCE = 'r1dcjpfm5jdl';
const SHORT = 'replay2short';
const EDITED_UPDATE_INDEX = 3; // oldest first
const EDITED_BODY =
  'Cloudflare is experiencing an internal service degradation of the Dashboard and the Cloudflare API. Cached content and security features at the Edge are not affected.';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const plus = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

export function outageDay(): Capture[] {
  const base = JSON.parse(
    fixture('cloudflare/summary_2023-11-03T0436Z_incident-hm7491k53ppg.json'),
  ) as Obj;
  const incident = base.incidents.find((i: Obj) => i.id === INCIDENT) as Obj;
  const oldestFirst = [...(incident.incident_updates as Obj[])].reverse();
  const maintenance = base.scheduled_maintenances.find((m: Obj) => m.id === MAINTENANCE) as Obj;
  const otherMaintenances = (base.scheduled_maintenances as Obj[]).filter(
    (m) => m.id !== MAINTENANCE,
  );

  // The components named anywhere, and their groups.
  const named = new Set<string>();
  for (const item of [incident, ...(base.scheduled_maintenances as Obj[])]) {
    for (const c of item.components as Obj[]) named.add(c.id);
    for (const u of item.incident_updates as Obj[])
      for (const a of (u.affected_components ?? []) as Obj[]) named.add(a.code);
  }
  const byId = new Map((base.components as Obj[]).map((c) => [c.id as string, c]));
  for (const id of [...named]) {
    const group = byId.get(id)?.group_id as string | undefined;
    if (group) named.add(group);
  }
  const components = (base.components as Obj[]).filter((c) => named.has(c.id));

  const captures: Capture[] = [];
  const page = (clock: string) => ({ ...base.page, updated_at: clock });
  const push = (
    clock: string,
    state: {
      incident: Obj | null;
      short: Obj | null;
      maintenance: Obj | null;
      components: Obj[];
      incidentsHistory: Obj[];
      maintenancesHistory: Obj[];
    },
  ) =>
    captures.push({
      clock,
      summary: {
        page: page(clock),
        components: state.components,
        incidents: [state.incident, state.short].filter(Boolean),
        scheduled_maintenances: [state.maintenance, ...otherMaintenances].filter(Boolean),
        status: base.status,
      },
      incidents: {
        page: page(clock),
        incidents: [...[state.incident, state.short].filter(Boolean), ...state.incidentsHistory],
      },
      maintenances: {
        page: page(clock),
        scheduled_maintenances: [
          ...[state.maintenance].filter(Boolean),
          ...state.maintenancesHistory,
          ...otherMaintenances,
        ],
      },
    });

  /** The incident as it stood after its first n updates (newest first, as Statuspage lists). */
  const incidentAfter = (n: number, edited: boolean): Obj => {
    const updates = clone(oldestFirst.slice(0, n));
    if (edited && n > EDITED_UPDATE_INDEX) {
      const u = updates[EDITED_UPDATE_INDEX];
      u.body = EDITED_BODY;
      u.updated_at = plus(oldestFirst[n - 1].display_at as string, 1);
    }
    const last = updates[n - 1];
    return {
      ...clone(incident),
      status: last.status,
      updated_at: last.display_at,
      incident_updates: updates.reverse(),
    };
  };
  const shortIncident = (clock: string): Obj => ({
    ...clone(incident),
    id: SHORT,
    name: 'Increased latency in Frankfurt',
    status: 'investigating',
    impact: 'minor',
    created_at: clock,
    started_at: clock,
    updated_at: clock,
    monitoring_at: null,
    resolved_at: null,
    shortlink: `https://stspg.io/${SHORT}`,
    components: [],
    incident_updates: [
      {
        id: 'replay2upd01',
        incident_id: SHORT,
        status: 'investigating',
        body: 'We are investigating increased latency for requests served from Frankfurt.',
        created_at: clock,
        updated_at: clock,
        display_at: clock,
        affected_components: null,
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      },
    ],
  });

  // 1. The incident grows, update by update (a few at a time, like polls a minute apart).
  const steps = [1, 3, 5, 8, 11, 15, 19];
  let short: Obj | null = null;
  for (const [index, n] of steps.entries()) {
    const clock = oldestFirst[n - 1].display_at as string;
    if (index === 2) short = shortIncident(clock);
    // The short incident leaves at the fifth capture; no history lists it.
    if (index === 4) short = null;
    push(clock, {
      incident: incidentAfter(n, false),
      short,
      maintenance: clone(maintenance),
      components,
      incidentsHistory: [],
      maintenancesHistory: [],
    });
  }
  let clock = oldestFirst[18].display_at as string;

  // 2. An update's text is edited under the same id.
  clock = plus(clock, 5);
  const edited: Obj = { ...incidentAfter(19, true), updated_at: clock };
  push(clock, {
    incident: edited,
    short: null,
    maintenance: clone(maintenance),
    components,
    incidentsHistory: [],
    maintenancesHistory: [],
  });

  // 3. A component changes status; no update records it.
  clock = plus(clock, 5);
  const changedId = (incident.components as Obj[])[0].id as string;
  const withChange = (list: Obj[]) =>
    list.map((c) => (c.id === changedId ? { ...c, status: 'major_outage', updated_at: clock } : c));
  const changedIncident: Obj = {
    ...edited,
    updated_at: clock,
    components: withChange(edited.components as Obj[]),
  };
  const changedComponents = withChange(components);
  push(clock, {
    incident: changedIncident,
    short: null,
    maintenance: clone(maintenance),
    components: changedComponents,
    incidentsHistory: [],
    maintenancesHistory: [],
  });

  // 4. The maintenance starts.
  clock = plus(clock, 5);
  const maintenanceComponent = (maintenance.components as Obj[])[0];
  const started: Obj = {
    ...clone(maintenance),
    status: 'in_progress',
    updated_at: clock,
    components: [{ ...maintenanceComponent, status: 'under_maintenance' }],
    incident_updates: [
      {
        id: 'replay2mnt01',
        incident_id: MAINTENANCE,
        status: 'in_progress',
        body: 'Scheduled maintenance is currently in progress. We will provide updates as necessary.',
        created_at: clock,
        updated_at: clock,
        display_at: clock,
        affected_components: [
          {
            code: maintenanceComponent.id,
            name: maintenanceComponent.name,
            old_status: 'operational',
            new_status: 'under_maintenance',
          },
        ],
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      },
      ...clone(maintenance.incident_updates as Obj[]),
    ],
  };
  push(clock, {
    incident: changedIncident,
    short: null,
    maintenance: started,
    components: changedComponents,
    incidentsHistory: [],
    maintenancesHistory: [],
  });

  // 5. The maintenance ends: it leaves summary.json; scheduled-maintenances.json says completed.
  clock = plus(clock, 30);
  const completed: Obj = {
    ...clone(started),
    status: 'completed',
    updated_at: clock,
    resolved_at: clock,
    components: [{ ...maintenanceComponent, status: 'operational' }],
    incident_updates: [
      {
        id: 'replay2mnt02',
        incident_id: MAINTENANCE,
        status: 'completed',
        body: 'The scheduled maintenance has been completed.',
        created_at: clock,
        updated_at: clock,
        display_at: clock,
        affected_components: [
          {
            code: maintenanceComponent.id,
            name: maintenanceComponent.name,
            old_status: 'under_maintenance',
            new_status: 'operational',
          },
        ],
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      },
      ...clone(started.incident_updates as Obj[]),
    ],
  };
  push(clock, {
    incident: changedIncident,
    short: null,
    maintenance: null,
    components: changedComponents,
    incidentsHistory: [],
    maintenancesHistory: [completed],
  });

  // 6. The incident is resolved: it leaves summary.json; incidents.json tells how it ended.
  clock = plus(clock, 20);
  const resolved: Obj = {
    ...changedIncident,
    status: 'resolved',
    updated_at: clock,
    resolved_at: clock,
    components: (changedIncident.components as Obj[]).map((c) => ({ ...c, status: 'operational' })),
    incident_updates: [
      {
        id: 'replay2res01',
        incident_id: INCIDENT,
        status: 'resolved',
        body: 'This incident has been resolved.',
        created_at: clock,
        updated_at: clock,
        display_at: clock,
        affected_components: null,
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      },
      ...(changedIncident.incident_updates as Obj[]),
    ],
  };
  push(clock, {
    incident: null,
    short: null,
    maintenance: null,
    components: components.map((c) => ({ ...c, status: 'operational' })),
    incidentsHistory: [resolved],
    maintenancesHistory: [completed],
  });
  return captures;
}

export const OUTAGE_DAY = { incident: INCIDENT, maintenance: MAINTENANCE, short: SHORT };
