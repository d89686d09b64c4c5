// The evidence pack of one SLA credit: the export lib's document model (sections of blocks),
// rendered by its markdown and HTML renderers; JSON carries the same facts as data.
import { createHash } from 'node:crypto';
import {
  Block,
  Inline,
  parseBlocks,
  renderHtmlReport,
  renderMarkdownReport,
  ReportDocument,
} from '@rca/exports';
import { slugify } from '@rca/markdown';
import { DateTime } from 'luxon';
import type { ImpactEvidenceRow } from './vendor-ledger.repository';
import type { CreditMeasure, CreditMonth, EvidenceFormat } from '@rca/api-contract';
import type { SlaContractEntity } from './sla-contract.entity';

export interface EvidencePackSource {
  contract: SlaContractEntity;
  vendor: { name: string; slug: string; statusPageUrl: string | null };
  components: string[];
  owner: string | null;
  credit: CreditMonth;
  vendorIncidents: Array<{
    id: string;
    title: string;
    status: string;
    impact: string | null;
    startedAt: Date | null;
    resolvedAt: Date | null;
    shortlink: string | null;
    updates: Array<{ at: Date; status: string; body: string }>;
    componentStatuses: Array<{ at: Date; component: string; status: string; rawStatus: string }>;
  }>;
  impacts: ImpactEvidenceRow[];
  generatedAt: Date;
}

const text = (value: string): Inline[] => [{ type: 'text', text: value }];
const strong = (value: string): Inline[] => [{ type: 'strong', children: text(value) }];
const paragraph = (...children: Inline[][]): Block => ({
  type: 'paragraph',
  children: children.flat(),
});
const table = (header: string[], rows: string[][], right: number[] = []): Block => ({
  type: 'table',
  align: header.map((_, index) => (right.includes(index) ? 'right' : null)),
  header: header.map(text),
  rows: rows.map((row) => row.map(text)),
});

function when(date: Date | string | null, zone: string): string {
  if (!date) return '—';
  const value = DateTime.fromJSDate(new Date(date), { zone });
  return `${value.toFormat('yyyy-MM-dd HH:mm:ss')} ${value.offsetNameShort ?? zone}`;
}

const percent = (value: number) => `${value.toFixed(4).replace(/\.?0+$/, '')} %`;

function arithmetic(measure: CreditMeasure, credit: CreditMonth, zone: string): Block[] {
  const blocks: Block[] = [
    paragraph(
      strong(
        measure.method === 'vendor_statuses'
          ? "By the vendor's own statuses. "
          : 'By our impact windows. ',
      ),
      text(measure.description),
    ),
  ];
  if (measure.intervals.length)
    blocks.push(
      table(
        ['From', 'To', 'Minutes'],
        [
          ...measure.intervals.map((interval) => [
            when(interval.from, zone),
            when(interval.to, zone),
            interval.minutes.toFixed(1),
          ]),
          ['', 'Total (merged)', measure.unavailableMinutes.toFixed(1)],
        ],
        [2],
      ),
    );
  else blocks.push(paragraph(text('No unavailability recorded by this method in this month.')));
  blocks.push(
    paragraph(
      text(
        `Availability = 100 × (1 − ${measure.unavailableMinutes.toFixed(1)} / ${credit.monthMinutes.toFixed(0)}) = ${percent(measure.availabilityPercent)}; target ${percent(credit.targetPercent)}: ${measure.targetMissed ? 'missed' : 'met'}; credit tier: ${measure.tier ? `below ${percent(measure.tier.belowPercent)} → ${measure.tier.creditPercent} %` : 'none'}.`,
      ),
    ),
  );
  return blocks;
}

export function buildEvidencePack(source: EvidencePackSource): ReportDocument {
  const { contract, credit, vendor } = source;
  const zone = contract.zone;
  const sections: ReportDocument['sections'] = [];
  sections.push({
    key: 'claim',
    title: 'Claim',
    internal: false,
    blocks: [
      table(
        ['', ''],
        [
          ['Vendor', vendor.name],
          ['Contract', contract.name],
          ['Billing month', `${credit.month} (${zone})`],
          ['Components that count', source.components.join(', ') || '—'],
          ['Monthly availability target', percent(contract.targetPercent)],
          [
            'Credit tiers',
            contract.tiers
              .map((tier) => `below ${percent(tier.belowPercent)} → ${tier.creditPercent} %`)
              .join('; ') || '—',
          ],
          [
            'Credit owed',
            credit.creditPercent
              ? `${credit.creditPercent} % (${credit.basis === 'our_impacts' ? 'by our impact windows' : "by the vendor's own statuses"})`
              : 'none',
          ],
          [
            'Claim by',
            `${credit.claimBy} (end of the ${contract.claimWindowCycles}. billing cycle after the month; ${credit.claimWindowOpen ? 'open' : 'closed'})`,
          ],
          ['Claims go to', contract.claimTo || '—'],
          ['Contract owner', source.owner ?? '—'],
        ],
      ),
    ],
  });
  sections.push({
    key: 'arithmetic',
    title: 'The arithmetic',
    internal: false,
    blocks: [
      paragraph(
        text(
          `The month has ${credit.monthMinutes.toFixed(0)} minutes (${zone} calendar). Major and partial outage count as unavailable; degraded performance does not.`,
        ),
      ),
      ...arithmetic(credit.vendorStatuses, credit, zone),
      ...arithmetic(credit.ourImpacts, credit, zone),
    ],
  });
  const incidentBlocks: Block[] = [];
  if (!source.vendorIncidents.length)
    incidentBlocks.push(
      paragraph(text('No vendor incident of this vendor touches the contract in this month.')),
    );
  for (const incident of source.vendorIncidents) {
    incidentBlocks.push({ type: 'heading', level: 3, children: text(incident.title) });
    incidentBlocks.push(
      paragraph(
        text(
          `Status ${incident.status}, impact ${incident.impact ?? 'unknown'}, from ${when(incident.startedAt, zone)} to ${when(incident.resolvedAt, zone)}.`,
        ),
        incident.shortlink
          ? [
              { type: 'text', text: ' ' },
              { type: 'link', href: incident.shortlink, children: text(incident.shortlink) },
            ]
          : [],
      ),
    );
    incidentBlocks.push(
      incident.updates.length
        ? table(
            ['Posted', 'Status', 'Update'],
            incident.updates.map((update) => [
              when(update.at, zone),
              update.status,
              update.body.replace(/\s+/g, ' '),
            ]),
          )
        : paragraph(text('The vendor posted no update.')),
    );
    incidentBlocks.push(
      incident.componentStatuses.length
        ? table(
            ['From', 'Component', 'Status', 'As sent'],
            incident.componentStatuses.map((status) => [
              when(status.at, zone),
              status.component,
              status.status,
              status.rawStatus,
            ]),
          )
        : paragraph(
            text(
              "The vendor reported no component status for the contract's components in this incident.",
            ),
          ),
    );
  }
  sections.push({
    key: 'vendor-incidents',
    title: "The vendor's incidents, updates and component statuses",
    internal: false,
    blocks: incidentBlocks,
  });
  sections.push({
    key: 'impacts',
    title: 'Our impact windows',
    internal: false,
    blocks: source.impacts.length
      ? [
          table(
            ['Incident', 'Service', 'Level', 'From', 'To'],
            source.impacts.map((impact) => [
              `${impact.reference}: ${impact.title}`,
              impact.serviceName,
              impact.level,
              when(impact.startedAt, zone),
              impact.endedAt
                ? when(impact.endedAt, zone)
                : `${when(impact.effectiveEnd, zone)} (open; counted to here)`,
            ]),
          ),
        ]
      : parseBlocks('No impact window of ours counts for this contract in this month.'),
  });
  return {
    title: `SLA credit evidence: ${vendor.name}, ${contract.name}, ${credit.month}`,
    facts: [
      { label: 'Credit', value: credit.creditPercent ? `${credit.creditPercent} %` : 'none' },
      { label: 'Claim by', value: credit.claimBy },
      { label: 'Generated', value: source.generatedAt.toISOString() },
    ],
    sections,
  };
}

export const EVIDENCE_SCHEMA_ID = 'https://rca-desk.dev/schemas/sla-evidence-pack/v1';

export function evidenceJson(source: EvidencePackSource) {
  const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);
  return {
    $schema: EVIDENCE_SCHEMA_ID,
    schemaVersion: 1,
    generatedAt: source.generatedAt.toISOString(),
    vendor: source.vendor,
    contract: {
      id: source.contract.id,
      name: source.contract.name,
      targetPercent: source.contract.targetPercent,
      components: source.components,
      tiers: source.contract.tiers,
      claimWindowCycles: source.contract.claimWindowCycles,
      claimTo: source.contract.claimTo,
      owner: source.owner,
      zone: source.contract.zone,
    },
    credit: source.credit,
    vendorIncidents: source.vendorIncidents.map((incident) => ({
      ...incident,
      startedAt: iso(incident.startedAt),
      resolvedAt: iso(incident.resolvedAt),
      updates: incident.updates.map((update) => ({ ...update, at: iso(update.at) })),
      componentStatuses: incident.componentStatuses.map((status) => ({
        ...status,
        at: iso(status.at),
      })),
    })),
    impacts: source.impacts.map((impact) => ({
      ...impact,
      startedAt: iso(impact.startedAt),
      endedAt: iso(impact.endedAt),
      effectiveEnd: iso(impact.effectiveEnd),
    })),
  };
}

const CONTENT_TYPES: Record<EvidenceFormat, { type: string; extension: string }> = {
  markdown: { type: 'text/markdown; charset=utf-8', extension: 'md' },
  html: { type: 'text/html; charset=utf-8', extension: 'html' },
  json: { type: 'application/json; charset=utf-8', extension: 'json' },
};

export function renderEvidencePack(
  document: ReportDocument,
  source: EvidencePackSource,
  format: EvidenceFormat,
) {
  const body =
    format === 'json'
      ? `${JSON.stringify(evidenceJson(source), null, 2)}\n`
      : format === 'html'
        ? renderHtmlReport(document)
        : renderMarkdownReport(document);
  const { type, extension } = CONTENT_TYPES[format];
  return {
    body,
    contentType: type,
    filename: `sla-evidence-${slugify(`${source.vendor.slug}-${source.contract.name}`).slice(0, 60)}-${source.credit.month}.${extension}`,
    checksum: createHash('sha256').update(body).digest('hex'),
  };
}
