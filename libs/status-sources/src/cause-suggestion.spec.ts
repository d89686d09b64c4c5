import { scoreSuggestion } from './suggestion-score';

const at = (hhmm: string) => new Date(`2025-11-18T${hhmm}:00Z`);
const direct = {
  path: ['Chat API'],
  componentId: 'cdn',
  componentName: 'CDN',
  hasFallback: false,
  criticality: 'critical',
};

describe('scoreSuggestion', () => {
  const base = {
    vendorWindow: { from: at('11:20'), to: at('14:30') },
    ourWindow: { from: at('11:25'), to: at('14:00') },
    path: direct,
    affectedComponentIds: new Set(['cdn']),
    vendorName: 'Cloudflare',
  };

  it('gives a high score to a direct dependency on the affected component, started together', () => {
    const sut = scoreSuggestion(base);
    expect(sut.score).toBeGreaterThan(0.9);
    expect(sut.reasons).toEqual([
      { kind: 'overlap', detail: 'the incident windows overlap by 155 minutes', minutes: 155 },
      {
        kind: 'dependency',
        detail: 'Chat API → Cloudflare CDN',
        path: ['Chat API', 'Cloudflare CDN'],
        vendorComponentId: 'cdn',
      },
      { kind: 'component_affected', detail: 'the vendor reports CDN as affected' },
      { kind: 'start_proximity', detail: 'the incidents started 5 minutes apart', minutes: 5 },
    ]);
  });

  it('ranks a fallback, a longer path, another component and a late start lower', () => {
    const full = scoreSuggestion(base).score;
    const fallback = scoreSuggestion({ ...base, path: { ...direct, hasFallback: true } }).score;
    const transitive = scoreSuggestion({
      ...base,
      path: { ...direct, path: ['Chat web', 'Chat API'] },
    });
    const otherComponent = scoreSuggestion({
      ...base,
      affectedComponentIds: new Set(['dns']),
    }).score;
    const lateStart = scoreSuggestion({
      ...base,
      ourWindow: { from: at('13:50'), to: at('15:00') },
    }).score;
    for (const lower of [fallback, transitive.score, otherComponent, lateStart])
      expect(lower).toBeLessThan(full);
    expect(transitive.reasons[1].detail).toBe('Chat web → Chat API → Cloudflare CDN (transitive)');
  });

  it('stays within (0, 1]', () => {
    const worst = scoreSuggestion({
      ...base,
      ourWindow: { from: at('14:29'), to: at('18:00') },
      path: { ...direct, hasFallback: true, path: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] },
      affectedComponentIds: new Set(['other']),
    });
    expect(worst.score).toBeGreaterThan(0);
    expect(worst.score).toBeLessThanOrEqual(1);
  });
});
