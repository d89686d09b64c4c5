import { DomainError, ErrorCode } from '@rca/shared';

/** Error codes of the Slack domain (the web branches on these, never on messages). */
export enum SlackErrorCode {
  SignatureInvalid = 'SLACK_SIGNATURE_INVALID',
  NotConfigured = 'SLACK_NOT_CONFIGURED',
  ChannelNotLinked = 'SLACK_CHANNEL_NOT_LINKED',
  ArchiveInvalid = 'SLACK_ARCHIVE_INVALID',
}

export class SlackError extends DomainError {
  constructor(
    code: SlackErrorCode,
    status: number,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(status, message, details, undefined, code as ErrorCode);
  }
}

/** A request to the Slack endpoints that is not Slack's (or not fresh, or a replay): 401, nothing stored. */
export function signatureRefused(reason: string): SlackError {
  return new SlackError(SlackErrorCode.SignatureInvalid, 401, `Slack request refused: ${reason}`, {
    reason,
  });
}

export function archiveInvalid(reason: string, details: Record<string, unknown> = {}): SlackError {
  return new SlackError(
    SlackErrorCode.ArchiveInvalid,
    400,
    `Slack export archive refused: ${reason}`,
    details,
  );
}
