// Postmortem templates (GET/POST/PATCH/DELETE /api/postmortem-templates, POST …/preview).
type Iso = string;

/** The section keys a template may fill, in the order a postmortem shows them. */
export const TEMPLATE_SECTION_KEYS = [
  'summary',
  'impact',
  'timeline',
  'root_cause',
  'trigger',
  'contributing_factors',
  'detection',
  'response_and_recovery',
  'went_well',
  'went_poorly',
  'got_lucky',
  'action_items',
  'supporting_information',
] as const;
export type TemplateSectionKey = (typeof TEMPLATE_SECTION_KEYS)[number];

export interface TemplateSection {
  key: TemplateSectionKey;
  title: string;
  /** Liquid source. */
  body: string;
  /** Left out of public exports. */
  internal: boolean;
}

export interface PostmortemTemplate {
  id: string;
  name: string;
  severities: string[];
  labels: string[];
  priority: number;
  sections: TemplateSection[];
  version: number;
  createdAt: Iso;
  updatedAt: Iso;
}

export interface BuiltinTemplate {
  key: string;
  name: string;
  sections: TemplateSection[];
}

/** POST /api/postmortem-templates/preview */
export interface TemplatePreview {
  incidentId: string;
  reference: string;
  displayZone: string;
  sections: Array<{ key: string; title: string; markdown: string; internal: boolean }>;
}
