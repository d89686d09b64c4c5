/**
 * What the public audience must not read: the rules of the public exports (people on the record,
 * e-mail addresses, EXPORT_REDACT_PATTERNS). libs/exports owns them and provides this; the
 * rendered preview of the public audience asks for it, so preview and export redact alike.
 */
export abstract class PublicRedaction {
  /**
   * A text → text function for the public rendering of this postmortem. With `tally`, every
   * redaction it makes is counted there by kind (the values themselves are never kept).
   */
  abstract publicRedactorFor(
    postmortemId: string,
    tally?: RedactionTally,
  ): Promise<(text: string) => string>;
}

/** How many redactions a redactor made, by kind: what may be logged instead of the values. */
export interface RedactionTally {
  emails: number;
  names: number;
  patterns: number;
}

export function emptyRedactionTally(): RedactionTally {
  return { emails: 0, names: 0, patterns: 0 };
}
