/** Why a payload could not be read. */
export enum StatusParseErrorKind {
  /** Not JSON/XML at all, or truncated. */
  Malformed = 'malformed',
  /** Valid JSON/XML but not a format we know. */
  Unsupported = 'unsupported',
  /** The right format, but a required field is missing or has the wrong type. */
  Invalid = 'invalid',
}

/** The only error the parsers throw. `path` points at the offending field when there is one. */
export class StatusParseError extends Error {
  constructor(
    readonly kind: StatusParseErrorKind,
    message: string,
    readonly path?: string,
  ) {
    super(path ? `${message} (at ${path})` : message);
    this.name = 'StatusParseError';
  }
}
