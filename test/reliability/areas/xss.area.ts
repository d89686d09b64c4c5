import { EXPORT_FORMATS, EXPORT_VARIANTS } from '@rca/exports';
import { executableHtml, XSS_CORPUS } from '../../support/hostile-markup';
import type { ReliabilityArea } from '../harness';
import { outputFindings } from './renderers-property.area';

const AUDIENCES = ['internal', 'public'] as const;

/**
 * The XSS corpus through every output of the running product: each vector typed into a section
 * and the title (and all of them as timeline entries), then read back as the rendered preview
 * (internal and public audience) and as every export format × variant: 12 outputs per vector.
 * `executable` counts outputs with a finding (any finding fails the area).
 */
export const xssArea: ReliabilityArea = {
  name: 'xss',
  description:
    'the XSS corpus in a section, the title and the timeline, read back through 12 outputs (preview × 2 audiences, 5 formats × 2 variants): nothing executable',
  timeoutMs: 180_000,
  totals: { 'executable XSS': 'executable' },
  async run(system) {
    const { incidentId, postmortemId } = await system.newPostmortem();
    for (const [index, vector] of XSS_CORPUS.entries())
      await system.factories.newTimelineEvent({
        incidentId,
        occurredAt: new Date(Date.parse('2025-11-18T11:30:00Z') + index * 60_000),
        body: vector,
        author: 'xss area',
      });
    const failures: string[] = [];
    let cases = 0;
    let executable = 0;
    // A case is one vector read through one output; a finding counts against its whole round.
    const found = (label: string, vectors: number, output: string, findings: string[]) => {
      cases += vectors;
      if (findings.length === 0) return;
      executable += 1;
      if (failures.length < 10)
        failures.push(`${label} via ${output}: ${findings.slice(0, 2).join('; ')}`);
    };
    // Vectors go in rounds, one per section (a vector cannot spill into the next), all of the
    // round's vectors in the title; each round is read through the 12 outputs.
    const sections: string[] = (
      await system.call('GET', `/api/postmortems/${postmortemId}`)
    ).body.sections.map((section: { key: string }) => section.key);
    const perRound = Math.max(1, sections.length);
    for (let start = 0; start < XSS_CORPUS.length; start += perRound) {
      const round = XSS_CORPUS.slice(start, start + perRound);
      const label = `vectors ${start}-${start + round.length - 1}`;
      const current = await system.call('GET', `/api/postmortems/${postmortemId}`);
      const edited = await system.call('PATCH', `/api/postmortems/${postmortemId}`, {
        version: current.body.version,
        title: `Outage ${round.join(' ')}`.slice(0, 300),
        sections: round.map((vector, offset) => ({
          key: sections[offset],
          markdown: `Before\n\n${vector}\n\nAfter`,
        })),
      });
      if (edited.status !== 200) {
        failures.push(`${label}: PATCH answered ${edited.status}`);
        continue;
      }
      for (const audience of AUDIENCES) {
        const rendered = await system.call(
          'GET',
          `/api/postmortems/${postmortemId}/rendered?audience=${audience}`,
        );
        found(
          label,
          round.length,
          `rendered ${audience}`,
          rendered.status === 200
            ? [
                rendered.body.html,
                ...rendered.body.sections.map((s: { html: string }) => s.html),
              ].flatMap((html: string) => executableHtml(html))
            : [`answered ${rendered.status}`],
        );
      }
      for (const format of EXPORT_FORMATS)
        for (const variant of EXPORT_VARIANTS) {
          const response = await system.fetchAsAdmin(
            `/api/postmortems/${postmortemId}/export?format=${format}&variant=${variant}`,
          );
          const body = await response.text();
          let findings: string[];
          try {
            findings =
              response.status === 200
                ? outputFindings(format, body)
                : [`answered ${response.status}`];
          } catch (error) {
            findings = [`unreadable: ${(error as Error).message}`];
          }
          found(label, round.length, `${format} ${variant}`, findings);
        }
    }
    return {
      figures: { vectors: XSS_CORPUS.length, outputs: 12, cases, executable },
      failures,
    };
  },
};
