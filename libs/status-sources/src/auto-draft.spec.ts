import { draftSeverity, outageComponents } from './auto-draft.service';

const open = { kind: 'incident' as const, status: 'investigating' as const, resolvedAt: null };
const component = (vendorComponentId: string, status: string) =>
  ({ vendorComponentId, status }) as { vendorComponentId: string; status: 'major_outage' };

describe('outageComponents', () => {
  it('a major or critical incident: every component it names as not operational', () => {
    for (const impact of ['major', 'critical'] as const)
      expect(
        outageComponents({ ...open, impact }, [
          component('cdn', 'partial_outage'),
          component('dns', 'operational'),
        ]),
      ).toEqual({ kind: 'components', ids: ['cdn'] });
  });

  it('a major incident naming no component concerns the whole vendor', () => {
    expect(outageComponents({ ...open, impact: 'major' }, [])).toEqual({ kind: 'whole_vendor' });
  });

  it('a minor or unknown impact counts only components in major_outage', () => {
    expect(
      outageComponents({ ...open, impact: 'minor' }, [
        component('cdn', 'major_outage'),
        component('dns', 'degraded_performance'),
      ]),
    ).toEqual({ kind: 'components', ids: ['cdn'] });
    expect(
      outageComponents({ ...open, impact: 'minor' }, [component('dns', 'degraded_performance')]),
    ).toBeNull();
    expect(outageComponents({ ...open, impact: null }, [])).toBeNull();
  });

  it('nothing for maintenances, resolved incidents, or a major one whose components are all back', () => {
    const down = [component('cdn', 'major_outage')];
    expect(outageComponents({ ...open, kind: 'maintenance', impact: 'major' }, down)).toBeNull();
    expect(
      outageComponents({ ...open, impact: 'critical', resolvedAt: new Date() }, down),
    ).toBeNull();
    expect(
      outageComponents({ ...open, impact: 'critical', status: 'postmortem' }, down),
    ).toBeNull();
    expect(
      outageComponents({ ...open, impact: 'critical' }, [component('cdn', 'operational')]),
    ).toBeNull();
  });
});

describe('draftSeverity', () => {
  it('SEV1 only for a critical incident a tier-1 service has no fallback for', () => {
    expect(draftSeverity({ impact: 'critical' }, [{ singlePointOfFailure: true }])).toBe('SEV1');
    expect(draftSeverity({ impact: 'critical' }, [{ singlePointOfFailure: false }])).toBe('SEV2');
    expect(draftSeverity({ impact: 'major' }, [{ singlePointOfFailure: true }])).toBe('SEV2');
  });
});
