import type { BlastRadiusReport } from '@rca/api-contract';

/** "If Cloudflare CDN fails: Public API, Chat web; no fallback for Public API." */
export function blastSentence(label: string, report: BlastRadiusReport): string {
  const spof = report.services.filter((service) => service.singlePointOfFailure);
  if (report.services.length === 0) return `If ${label} fails: no service of ours depends on it.`;
  const names = report.services.map((entry) => entry.name).join(', ');
  const fallback =
    spof.length === 0
      ? 'every one has a fallback.'
      : spof.length === report.services.length
        ? 'no fallback.'
        : `no fallback for ${spof.map((service) => service.name).join(', ')}.`;
  return `If ${label} fails: ${names}; ${fallback}`;
}
