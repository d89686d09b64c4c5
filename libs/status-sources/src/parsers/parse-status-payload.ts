import { parseAtom, parseRss, parseXmlDocument } from './feed.parser';
import { looksLikeGoogleCloud, parseGoogleCloud } from './google-cloud.parser';
import { looksLikeIncidentIoWidget, parseIncidentIoWidget } from './incident-io.parser';
import { NormalisedFeed, StatusFormat } from './normalised.model';
import { isObject } from './read';
import { StatusParseError, StatusParseErrorKind } from './status-parse.error';
import { looksLikeStatuspage, parseStatuspage } from './statuspage.parser';

export type StatusFormatOrAuto = StatusFormat | 'auto';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StatusParseError(
      StatusParseErrorKind.Malformed,
      `malformed JSON: ${(error as Error).message}`,
    );
  }
}

/** Which format a parsed JSON document is, or null. */
export function detectJsonFormat(document: unknown): StatusFormat | null {
  if (looksLikeStatuspage(document)) return StatusFormat.Statuspage;
  if (looksLikeGoogleCloud(document)) return StatusFormat.GoogleCloud;
  if (looksLikeIncidentIoWidget(document)) return StatusFormat.IncidentIoWidget;
  return null;
}

/**
 * Turns a status payload (the response body as text) into the normalised model.
 * `format: 'auto'` detects it from the content. Throws only StatusParseError.
 */
export function parseStatusPayload(
  body: string,
  format: StatusFormatOrAuto = 'auto',
): NormalisedFeed {
  try {
    return parseUnchecked(body, format);
  } catch (error) {
    if (error instanceof StatusParseError) throw error;
    // A bug or an exotic input (e.g. stack exhaustion) must still surface as a parse error.
    throw new StatusParseError(
      StatusParseErrorKind.Malformed,
      `unreadable payload: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function parseUnchecked(body: string, format: StatusFormatOrAuto): NormalisedFeed {
  if (typeof body !== 'string')
    throw new StatusParseError(StatusParseErrorKind.Malformed, 'payload is not text');
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text.length === 0)
    throw new StatusParseError(StatusParseErrorKind.Malformed, 'empty payload');
  const xml = text.startsWith('<');
  if (format === StatusFormat.Atom || format === StatusFormat.Rss || (format === 'auto' && xml)) {
    if (!xml)
      throw new StatusParseError(
        StatusParseErrorKind.Malformed,
        `expected XML for format ${format}`,
      );
    const document = parseXmlDocument(text);
    if (format === StatusFormat.Atom) return parseAtom(document);
    if (format === StatusFormat.Rss) return parseRss(document);
    if (isObject(document.feed)) return parseAtom(document);
    if (isObject(document.rss)) return parseRss(document);
    throw new StatusParseError(
      StatusParseErrorKind.Unsupported,
      'XML that is neither an Atom <feed> nor an RSS <rss> document',
    );
  }
  const document = parseJson(text);
  switch (format === 'auto' ? detectJsonFormat(document) : format) {
    case StatusFormat.Statuspage:
      return parseStatuspage(document);
    case StatusFormat.GoogleCloud:
      return parseGoogleCloud(document);
    case StatusFormat.IncidentIoWidget:
      return parseIncidentIoWidget(document);
    default:
      throw new StatusParseError(
        StatusParseErrorKind.Unsupported,
        'unrecognised status format: not Statuspage, Google Cloud incidents.json, incident.io widget, Atom or RSS',
      );
  }
}
