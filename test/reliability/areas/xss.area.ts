import { EXPORT_FORMATS, EXPORT_VARIANTS } from '@rca/exports';
import { executableHtml, XSS_CORPUS } from '../../support/hostile-markup';
import type { ReliabilityArea } from '../harness';
import { outputFindings } from './renderers-property.area';

const AUDIENCES = ['internal', 'public'] as const;

/**
 * The XSS corpus through every output of the running product: each vector typed into a section
 * and the title (and all of them as timeline entries), then read back as the rendered preview
 * (internal and public audience) and as every export format × variant: 12 outputs per vector.
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
    const found = (vector: number, output: string, findings: string[]) => {
      cases += 1;
      if (findings.length === 0) return;
      executable += 1;
      if (failures.length < 10)
        failures.push(`vector ${vector} via ${output}: ${findings.slice(0, 2).join('; ')}`);
    };
    for (const [index, vector] of XSS_CORPUS.entries()) {
      const current = await system.call('GET', `/api/postmortems/${postmortemId}`);
      const section = current.body.sections[0].key;
      const edited = await system.call('PATCH', `/api/postmortems/${postmortemId}`, {
        version: current.body.version,
        title: `Outage ${vector}`.slice(0, 200),
        sections: [{ key: section, markdown: `Before\n\n${vector}\n\nAfter` }],
      });
      if (edited.status !== 200) {
        failures.push(`vector ${index}: PATCH answered ${edited.status}`);
        continue;
      }
      for (const audience of AUDIENCES) {
        const rendered = await system.call(
          'GET',
          `/api/postmortems/${postmortemId}/rendered?audience=${audience}`,
        );
        found(
          index,
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
          found(index, `${format} ${variant}`, findings);
        }
    }
    return {
      figures: { vectors: XSS_CORPUS.length, outputs: 12, cases, executable },
      failures,
    };
  },
};
