/** The sections AI may suggest: the prose a template cannot write from the record. */
export const AI_SECTIONS = ['summary', 'went_well', 'went_poorly', 'contributing_factors'] as const;
export type AiSectionKey = (typeof AI_SECTIONS)[number];

/** GET /api/ai-assist: whether the editor offers "Suggest with AI". */
export interface AiAssistStatus {
  enabled: boolean;
  sections: AiSectionKey[];
  allowInternalSections: boolean;
}

/** Body of PUT /api/admin/ai-assist. */
export interface AiAssistSettingsBody {
  version: number;
  enabled: boolean;
  baseUrl: string;
  model: string;
  /** Omit to keep the stored key, null to remove it. */
  apiKey?: string | null;
  dailyTokenLimit: number;
  dailyCostLimitUsd: number;
  inputCostPerMillionTokensUsd: number;
  outputCostPerMillionTokensUsd: number;
  allowInternalSections: boolean;
  timeoutSeconds?: number;
  maxOutputTokens?: number;
}

/** GET /api/admin/ai-assist. */
export interface AiAssistSettings extends Omit<AiAssistSettingsBody, 'apiKey'> {
  configured: boolean;
  apiKeySet: boolean;
  timeoutSeconds: number;
  maxOutputTokens: number;
  updatedBy: string | null;
  usageToday: { day: string; tokens: number; costUsd: number; calls: number };
}

/** [T3] timeline event, [I1] impact, [C1] cause, [V2] vendor update, [M4] metric. */
export type AiRecordKind = 'T' | 'I' | 'C' | 'V' | 'M';

export interface AiCitation {
  label: string;
  kind: AiRecordKind;
  /** The row cited (timeline event id, impact id, …; "incident:<field>" for metrics). */
  refId: string;
  at: string | null;
  /** The entry as it was sent (redacted). */
  text: string;
}

export interface AiDroppedSentence {
  text: string;
  status: 'uncited' | 'invalid';
  citations: string[];
  invalid: string[];
}

export interface AiSuggestion {
  sectionKey: AiSectionKey;
  /** Every sentence cites this incident's record. */
  markdown: string;
  dropped: AiDroppedSentence[];
  codeBlocksDropped: number;
  citations: AiCitation[];
  model: string;
  usage: { promptTokens: number; completionTokens: number; estimated: boolean };
  basedOnVersion: number;
}

/** The events of POST /api/postmortems/:id/sections/:key/ai-suggestion (text/event-stream). */
export type AiSuggestionEvent =
  | { type: 'delta'; text: string }
  | { type: 'suggestion'; suggestion: AiSuggestion }
  | { type: 'error'; code: string; message: string; retryAfterSeconds?: number };
