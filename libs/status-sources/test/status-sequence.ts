/**
 * A scripted Statuspage incident (incidents.json) at each stage of its life:
 * investigating → identified → monitoring → resolved. Each stage adds one update.
 */
export const SEQUENCE_STAGES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type SequenceStage = (typeof SEQUENCE_STAGES)[number];

const START = Date.parse('2025-11-18T11:20:00Z');
const minutes = (n: number) => new Date(START + n * 60_000).toISOString();

const BODIES: Record<SequenceStage, string> = {
  investigating: 'We are investigating widespread HTTP 500 errors.',
  identified: 'The issue has been identified: a configuration file grew beyond its limit.',
  monitoring: 'A fix has been deployed. We are monitoring the results.',
  resolved: 'This incident has been resolved.',
};
const COMPONENT: Record<SequenceStage, string> = {
  investigating: 'major_outage',
  identified: 'major_outage',
  monitoring: 'degraded_performance',
  resolved: 'operational',
};

export function sequencePayload(
  stage: SequenceStage,
  options: {
    incidentId?: string;
    componentId?: string;
    /** Statuspage impact (default critical). */
    impact?: string;
    /** Component status until resolved (default major_outage, then degraded_performance). */
    componentStatus?: string;
  } = {},
): string {
  const incidentId = options.incidentId ?? 'seq0incident';
  const componentId = options.componentId ?? 'cdncomponent';
  const componentAt = (at: SequenceStage) =>
    options.componentStatus && at !== 'resolved' ? options.componentStatus : COMPONENT[at];
  const upTo = SEQUENCE_STAGES.indexOf(stage);
  const updates = SEQUENCE_STAGES.slice(0, upTo + 1)
    .map((status, index) => ({
      id: `${incidentId.slice(0, 8)}upd${index}`,
      incident_id: incidentId,
      status,
      body: BODIES[status],
      created_at: minutes(index * 30),
      updated_at: minutes(index * 30),
      display_at: minutes(index * 30),
      affected_components: [
        {
          code: componentId,
          name: 'CDN',
          old_status: index === 0 ? 'operational' : componentAt(SEQUENCE_STAGES[index - 1]),
          new_status: componentAt(status),
        },
      ],
      deliver_notifications: true,
    }))
    .reverse();
  return JSON.stringify({
    page: {
      id: 'examplepage1',
      name: 'Example CDN',
      url: 'https://status.example.com',
      time_zone: 'Etc/UTC',
      updated_at: minutes(upTo * 30),
    },
    components: [
      {
        id: componentId,
        name: 'CDN',
        status: componentAt(stage),
        group: false,
        group_id: null,
      },
    ],
    incidents: [
      {
        id: incidentId,
        name: 'Widespread HTTP 500 errors',
        status: stage,
        impact: options.impact ?? 'critical',
        created_at: minutes(0),
        started_at: minutes(0),
        updated_at: minutes(upTo * 30),
        monitoring_at: upTo >= 2 ? minutes(60) : null,
        resolved_at: stage === 'resolved' ? minutes(90) : null,
        shortlink: `https://stspg.io/${incidentId}`,
        components: [{ id: componentId, name: 'CDN', status: componentAt(stage) }],
        incident_updates: updates,
      },
    ],
  });
}
