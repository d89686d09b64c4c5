import { checkInstants, incidentMetrics, isReopen, TRANSITIONS } from './incident-rules';

const at = (time: string) => new Date(`2025-11-18T${time}:00Z`);
const base = {
  status: 'investigating' as const,
  startedAt: at('11:20'),
  detectedAt: null,
  acknowledgedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
  closedAt: null,
};

describe('incident rules', () => {
  it('accepts instants in order and computes the metrics', () => {
    const incident = {
      ...base,
      status: 'resolved' as const,
      detectedAt: at('11:28'),
      acknowledgedAt: at('11:35'),
      mitigatedAt: at('14:30'),
      resolvedAt: at('17:06'),
    };
    expect(checkInstants(incident)).toEqual([]);
    expect(incidentMetrics(incident)).toEqual({
      timeToDetectSeconds: 8 * 60,
      timeToAcknowledgeSeconds: 7 * 60,
      timeToMitigateSeconds: 190 * 60,
      timeToResolveSeconds: 346 * 60,
    });
  });

  it('names every instant out of order', () => {
    const errors = checkInstants({ ...base, detectedAt: at('11:00'), mitigatedAt: at('10:00') });
    expect(errors.map((error) => error.field)).toEqual(['detectedAt', 'mitigatedAt']);
  });

  it('requires resolvedAt exactly when resolved or closed', () => {
    expect(checkInstants({ ...base, status: 'resolved' }).map((error) => error.field)).toEqual([
      'resolvedAt',
    ]);
    expect(checkInstants({ ...base, resolvedAt: at('12:00') }).map((error) => error.field)).toEqual(
      ['resolvedAt'],
    );
  });

  it('allows closing only after resolving, and counts moving back to open as a reopen', () => {
    expect(TRANSITIONS.investigating).not.toContain('closed');
    expect(TRANSITIONS.resolved).toContain('closed');
    expect(TRANSITIONS.closed).not.toContain('resolved');
    expect(isReopen('closed', 'investigating')).toBe(true);
    expect(isReopen('monitoring', 'investigating')).toBe(false);
  });
});
