/**
 * What the public audience must not read: the rules of the public exports (people on the record,
 * e-mail addresses, EXPORT_REDACT_PATTERNS). libs/exports owns them and provides this; the
 * rendered preview of the public audience asks for it, so preview and export redact alike.
 */
export abstract class PublicRedaction {
  /** A text → text function for the public rendering of this postmortem. */
  abstract publicRedactorFor(postmortemId: string): Promise<(text: string) => string>;
}
