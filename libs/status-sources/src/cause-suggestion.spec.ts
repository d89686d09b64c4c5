import type { VendorComponentStatus } from '@rca/vendor-incidents';
import { bestSuggestion, scoreSuggestion } from './suggestion-score';
import type { DependencyPath } from './vendor-link.repository';

const at = (text: string) => new Date(text.length === 5 ? `2025-11-18T${text}:00Z` : text);
const direct: DependencyPath = {
  path: ['Chat API'],
  componentId: 'cdn',
  componentName: 'CDN',
  hasFallback: false,
  criticality: 'critical',
};
const statuses = (entries: Record<string, VendorComponentStatus>) =>
  new Map(Object.entries(entries));

describe('scoreSuggestion', () => {
  const base = {
    vendorWindow: { from: at('11:20'), to: at('14:30') },
    ourWindow: { from: at('11:25'), to: at('14:00') },
    path: direct,
    componentStatuses: statuses({ cdn: 'major_outage' }),
    vendorName: 'Cloudflare',
    vendorImpact: 'critical',
    ourSeverity: 'SEV1',
  };

  it('gives a high score to a direct dependency on a component in major outage, started together', () => {
    const sut = scoreSuggestion(base)!;
    expect(sut.score).toBeGreaterThan(0.9);
    expect(sut.parts).toEqual({
      timeOverlap: 0.99,
      dependencyPath: 1,
      componentStatus: 1,
      severityMatch: 1,
    });
    expect(sut.reasons.map((r) => r.kind)).toEqual([
      'score_parts',
      'overlap',
      'dependency',
      'component_affected',
      'component_status',
      'start_proximity',
      'severity',
    ]);
    expect(sut.reasons[1].detail).toBe('the incident windows overlap by 155 minutes');
  });

  it('ranks a fallback, a longer path, another component, a late start and a severity mismatch lower', () => {
    const full = scoreSuggestion(base)!.score;
    const lower = [
      scoreSuggestion({ ...base, path: { ...direct, hasFallback: true } }),
      scoreSuggestion({ ...base, path: { ...direct, path: ['Chat web', 'Chat API'] } }),
      scoreSuggestion({ ...base, componentStatuses: statuses({ dns: 'major_outage' }) }),
      scoreSuggestion({ ...base, ourWindow: { from: at('13:50'), to: at('15:00') } }),
      scoreSuggestion({ ...base, ourSeverity: 'SEV5' }),
    ];
    for (const score of lower) expect(score!.score).toBeLessThan(full);
  });

  it('never suggests a vendor incident that ended days before ours started', () => {
    expect(
      scoreSuggestion({
        ...base,
        vendorWindow: { from: at('2025-11-10T10:00:00Z'), to: at('2025-11-10T12:00:00Z') },
      }),
    ).toBeNull();
  });

  it('stays within (0, 1]', () => {
    const worst = scoreSuggestion({
      ...base,
      ourWindow: { from: at('14:29'), to: at('18:00') },
      path: { ...direct, hasFallback: true, path: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] },
      componentStatuses: statuses({ other: 'degraded_performance' }),
      ourSeverity: 'SEV5',
    })!;
    expect(worst.score).toBeGreaterThan(0);
    expect(worst.score).toBeLessThanOrEqual(1);
  });
});

/**
 * Ranking: one incident of ours (Chat web down 11:25–13:00, SEV1) and the candidate vendor
 * incidents a poll could offer; the expected order is the order of the table.
 */
describe('suggestion ranking', () => {
  const ours = { from: at('11:25'), to: at('13:00') };
  const cdnHandMade: DependencyPath = { ...direct, componentId: 'cdn-hand-made' };
  const cases: Array<{
    name: string;
    vendorWindow: { from: Date; to: Date };
    paths: DependencyPath[];
    componentStatuses: Map<string, VendorComponentStatus>;
    vendorImpact: string;
    suggested: boolean;
  }> = [
    {
      name: 'overlap, direct dependency on the imported component in major outage',
      vendorWindow: { from: at('11:20'), to: at('14:30') },
      paths: [direct],
      componentStatuses: statuses({ cdn: 'major_outage' }),
      vendorImpact: 'critical',
      suggested: true,
    },
    {
      name: 'overlap, dependency on the hand-made component linked to the page component',
      vendorWindow: { from: at('11:20'), to: at('14:30') },
      paths: [cdnHandMade],
      componentStatuses: statuses({ 'cdn-hand-made': 'partial_outage' }),
      vendorImpact: 'critical',
      suggested: true,
    },
    {
      name: 'overlap, dependency with a fallback',
      vendorWindow: { from: at('11:20'), to: at('14:30') },
      paths: [{ ...direct, hasFallback: true }],
      componentStatuses: statuses({ cdn: 'major_outage' }),
      vendorImpact: 'critical',
      suggested: true,
    },
    {
      name: 'hand-made component not linked to the page (the imported duplicate is affected)',
      vendorWindow: { from: at('11:20'), to: at('14:30') },
      paths: [cdnHandMade],
      componentStatuses: statuses({ cdn: 'major_outage' }),
      vendorImpact: 'critical',
      suggested: true,
    },
    {
      name: 'no overlap: ended 30 minutes before ours started',
      vendorWindow: { from: at('09:00'), to: at('10:55') },
      paths: [direct],
      componentStatuses: statuses({ cdn: 'major_outage' }),
      vendorImpact: 'critical',
      suggested: true,
    },
    {
      name: 'overlap, unrelated incident of the vendor (other component, minor)',
      vendorWindow: { from: at('10:00'), to: at('12:00') },
      paths: [direct],
      componentStatuses: statuses({ dns: 'degraded_performance' }),
      vendorImpact: 'minor',
      suggested: true,
    },
    {
      name: 'ended days before ours started',
      vendorWindow: { from: at('2025-11-14T09:00:00Z'), to: at('2025-11-14T10:00:00Z') },
      paths: [direct],
      componentStatuses: statuses({ cdn: 'major_outage' }),
      vendorImpact: 'critical',
      suggested: false,
    },
    {
      name: 'no dependency on the vendor',
      vendorWindow: { from: at('11:20'), to: at('14:30') },
      paths: [],
      componentStatuses: statuses({ cdn: 'major_outage' }),
      vendorImpact: 'critical',
      suggested: false,
    },
  ];

  const scored = cases.map((c) => ({
    ...c,
    best: bestSuggestion({
      paths: c.paths,
      vendorWindow: c.vendorWindow,
      ourWindow: ours,
      componentStatuses: c.componentStatuses,
      vendorName: 'Cloudflare',
      vendorImpact: c.vendorImpact,
      ourSeverity: 'SEV1',
    }),
  }));

  it.each(scored.map((c) => [c.name, c] as const))('%s: suggested or not', (_name, c) => {
    expect(c.best !== null).toBe(c.suggested);
  });

  it('orders the suggested ones as the table does', () => {
    const suggested = scored.filter((c) => c.best);
    const ranked = [...suggested].sort((a, b) => b.best!.score - a.best!.score);
    expect(ranked.map((c) => c.name)).toEqual(suggested.map((c) => c.name));
    // Strictly: no ties, so the order is not an accident of sorting.
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i].best!.score).toBeLessThan(ranked[i - 1].best!.score);
  });
});
