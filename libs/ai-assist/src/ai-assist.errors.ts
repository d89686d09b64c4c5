import { DomainError, ErrorCode } from '@rca/shared';

/** Error codes of AI assistance (the web branches on these, never on messages). */
export type AiAssistErrorCode = Extract<
  ErrorCode,
  | 'AI_ASSIST_DISABLED'
  | 'AI_INTERNAL_SECTION'
  | 'AI_LIMIT_REACHED'
  | 'AI_ENDPOINT_UNAVAILABLE'
  | 'AI_RATE_LIMITED'
  | 'AI_MALFORMED_ANSWER'
  | 'AI_NO_CITATION'
>;

export const AI_ERROR_STATUS: Record<AiAssistErrorCode, number> = {
  AI_ASSIST_DISABLED: 404,
  AI_INTERNAL_SECTION: 403,
  AI_LIMIT_REACHED: 429,
  AI_ENDPOINT_UNAVAILABLE: 503,
  AI_RATE_LIMITED: 503,
  AI_MALFORMED_ANSWER: 502,
  AI_NO_CITATION: 422,
};

export class AiAssistError extends DomainError {
  constructor(
    readonly aiCode: AiAssistErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(AI_ERROR_STATUS[aiCode], message, details, undefined, aiCode);
  }
}
