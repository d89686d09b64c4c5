import { createHash } from 'node:crypto';
import type { RedactionTally } from '@rca/postmortems';
import { slugify } from '@rca/markdown';
import { actionItemsTable, withActionItems } from './action-items-section';
import { ExportDocument, parseBlocks } from './document';
import { compileRedaction, RedactionPolicy } from './redaction';
import { redactBlocks } from './redaction';
import { renderConfluenceDocument } from './render-confluence';
import { renderHtmlDocument } from './render-html';
import { renderMarkdownDocument } from './render-markdown';
import { renderMediawikiDocument } from './render-mediawiki';

export const EXPORT_FORMATS = ['markdown', 'html', 'confluence', 'mediawiki', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_VARIANTS = ['internal', 'public'] as const;
export type ExportVariant = (typeof EXPORT_VARIANTS)[number];

export const JSON_SCHEMA_ID = 'https://rca-desk.dev/schemas/postmortem-export/v1';
export const JSON_SCHEMA_VERSION = 1;

/** Everything an export needs, loaded once (see ExportsRepository.load). */
export interface ExportSource {
  postmortem: {
    id: string;
    title: string;
    status: string;
    severity: string;
    revision: number;
    team: string | null;
    owner: string | null;
    requiredReviewers: string[];
    resolvedAt: Date | null;
    dueAt: Date | null;
    publishedAt: Date | null;
    displayZone: string;
    sections: Array<{
      key: string;
      title: string;
      markdown: string;
      internal: boolean;
      origin: string;
    }>;
  };
  incident: {
    id: string;
    reference: string;
    title: string;
    summary: string;
    severity: string;
    status: string;
    startedAt: Date;
    detectedAt: Date | null;
    acknowledgedAt: Date | null;
    mitigatedAt: Date | null;
    resolvedAt: Date | null;
    labels: string[];
    regions: string[];
    errorSignatures: string[];
    createdBy: string | null;
  } | null;
  timeline: Array<{
    occurredAt: Date;
    kind: string;
    source: string;
    body: string;
    author: string | null;
  }>;
  causes: Array<{
    vendor: string | null;
    role: string;
    state: string;
    explanation: string;
    decidedBy: string | null;
  }>;
  actionItems: Array<{
    title: string;
    description: string;
    /** The owner as shown: a user's display name, or unlinked free text. */
    owner: string | null;
    /** The owner's user id (the loader reads it; the service puts the name in `owner`). */
    ownerId?: string | null;
    dueDate: string | null;
    priority: string;
    type: string;
    status: string;
    externalUrl: string | null;
  }>;
  /** Display names of the users whose e-mails the record names (owner, reviewers, authors). */
  peopleNames?: string[];
}

/** "INC-2025-0001: title", unless the title already starts with the reference. */
export function pageTitle(reference: string | null, title: string): string {
  if (!reference || title.startsWith(reference)) return title;
  return `${reference}: ${title}`;
}

export interface ExportOutput {
  format: ExportFormat;
  variant: ExportVariant;
  body: string;
  contentType: string;
  filename: string;
  /** sha256 of the body, hex: what the history records and what makes a push a no-op. */
  checksum: string;
}

const CONTENT_TYPES: Record<ExportFormat, { type: string; extension: string }> = {
  markdown: { type: 'text/markdown; charset=utf-8', extension: 'md' },
  html: { type: 'text/html; charset=utf-8', extension: 'html' },
  confluence: { type: 'application/xhtml+xml; charset=utf-8', extension: 'confluence.xml' },
  mediawiki: { type: 'text/x-wiki; charset=utf-8', extension: 'wiki' },
  json: { type: 'application/json; charset=utf-8', extension: 'json' },
};

/** People named by the record: redacted from the public variant by default. */
export function peopleOf(source: ExportSource): string[] {
  return [
    source.postmortem.owner,
    ...source.postmortem.requiredReviewers,
    source.incident?.createdBy ?? null,
    ...source.timeline.map((event) => event.author),
    ...source.causes.map((cause) => cause.decidedBy),
    ...source.actionItems.map((item) => item.owner),
    ...(source.peopleNames ?? []),
  ].filter((name): name is string => !!name && name.trim().length >= 2);
}

export interface ExportOptions {
  variant: ExportVariant;
  /** Extra patterns beyond names and e-mails (EXPORT_REDACT_PATTERNS plus a target's own). */
  redactPatterns?: string[];
  /** Redact people's names and e-mails in the public variant (default true). */
  redactPeople?: boolean;
}

/** The redaction of the public variant, for other renderings of the same record (the preview). */
export function publicRedactor(
  source: ExportSource,
  redactPatterns: string[],
  tally?: RedactionTally,
): (text: string) => string {
  return redactor(source, { variant: 'public', redactPatterns }, tally);
}

function redactor(
  source: ExportSource,
  options: ExportOptions,
  tally?: RedactionTally,
): (text: string) => string {
  if (options.variant === 'internal') return (text) => text;
  const people = options.redactPeople ?? true;
  const policy: RedactionPolicy = {
    emails: people,
    names: people ? peopleOf(source) : [],
    patterns: options.redactPatterns ?? [],
  };
  return compileRedaction(policy, tally);
}

export function buildDocument(source: ExportSource, options: ExportOptions): ExportDocument {
  const redact = redactor(source, options);
  const pm = source.postmortem;
  return {
    title: redact(pm.title),
    variant: options.variant,
    meta: {
      reference: source.incident?.reference ?? null,
      severity: pm.severity,
      status: pm.status,
      revision: pm.revision,
      team: pm.team,
      owner: options.variant === 'public' ? null : pm.owner,
      publishedAt: pm.publishedAt?.toISOString() ?? null,
    },
    sections: withActionItems(
      pm.sections
        .filter((section) => options.variant === 'internal' || !section.internal)
        .map((section) => ({
          key: section.key,
          title: redact(section.title),
          internal: section.internal,
          blocks: redactBlocks(parseBlocks(section.markdown), redact),
        })),
      pm.sections.map((section) => section.key),
      actionItemsTable(source.actionItems, redact, options.variant),
    ),
  };
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** The JSON export (schema documented in docs/exports.md). */
export function buildJson(source: ExportSource, options: ExportOptions) {
  const redact = redactor(source, options);
  const isPublic = options.variant === 'public';
  const person = (name: string | null) => (name === null ? null : isPublic ? redact(name) : name);
  const pm = source.postmortem;
  const incident = source.incident;
  return {
    $schema: JSON_SCHEMA_ID,
    schemaVersion: JSON_SCHEMA_VERSION,
    variant: options.variant,
    postmortem: {
      id: pm.id,
      title: redact(pm.title),
      status: pm.status,
      severity: pm.severity,
      revision: pm.revision,
      team: pm.team,
      owner: person(pm.owner),
      reviewers: isPublic ? [] : pm.requiredReviewers,
      resolvedAt: iso(pm.resolvedAt),
      dueAt: iso(pm.dueAt),
      publishedAt: iso(pm.publishedAt),
      displayZone: pm.displayZone,
      sections: pm.sections
        .filter((section) => !isPublic || !section.internal)
        .map((section) => ({
          key: section.key,
          title: redact(section.title),
          internal: section.internal,
          origin: section.origin,
          markdown: redact(section.markdown),
        })),
    },
    incident: incident && {
      id: incident.id,
      reference: incident.reference,
      title: redact(incident.title),
      summary: redact(incident.summary),
      severity: incident.severity,
      status: incident.status,
      startedAt: iso(incident.startedAt),
      detectedAt: iso(incident.detectedAt),
      acknowledgedAt: iso(incident.acknowledgedAt),
      mitigatedAt: iso(incident.mitigatedAt),
      resolvedAt: iso(incident.resolvedAt),
      labels: incident.labels,
      regions: incident.regions,
      errorSignatures: incident.errorSignatures.map(redact),
    },
    timeline: source.timeline.map((event) => ({
      at: iso(event.occurredAt),
      kind: event.kind,
      source: event.source,
      text: redact(event.body),
      author: person(event.author),
    })),
    causes: source.causes.map((cause) => ({
      vendor: cause.vendor,
      role: cause.role,
      state: cause.state,
      explanation: redact(cause.explanation),
    })),
    actionItems: source.actionItems.map((item) => ({
      title: redact(item.title),
      description: redact(item.description),
      owner: person(item.owner),
      dueDate: item.dueDate,
      priority: item.priority,
      type: item.type,
      status: item.status,
      externalUrl: isPublic ? null : item.externalUrl,
    })),
  };
}

export function renderExport(
  source: ExportSource,
  format: ExportFormat,
  options: ExportOptions,
): ExportOutput {
  let body: string;
  if (format === 'json') body = `${JSON.stringify(buildJson(source, options), null, 2)}\n`;
  else {
    const document = buildDocument(source, options);
    body =
      format === 'markdown'
        ? renderMarkdownDocument(document)
        : format === 'html'
          ? renderHtmlDocument(document)
          : format === 'confluence'
            ? renderConfluenceDocument(document)
            : renderMediawikiDocument(document);
  }
  const { type, extension } = CONTENT_TYPES[format];
  const base =
    slugify(pageTitle(source.incident?.reference ?? null, source.postmortem.title)).slice(0, 80) ||
    'postmortem';
  return {
    format,
    variant: options.variant,
    body,
    contentType: type,
    filename: `${base}${options.variant === 'public' ? '-public' : ''}.${extension}`,
    checksum: createHash('sha256').update(body).digest('hex'),
  };
}
