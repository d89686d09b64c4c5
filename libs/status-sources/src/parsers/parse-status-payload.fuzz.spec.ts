import fc from 'fast-check';
import { fixture, REAL_FIXTURES } from '../../test/fixtures';
import { StatusFormat } from './normalised.model';
import { parseStatusPayload, StatusFormatOrAuto } from './parse-status-payload';
import { StatusParseError } from './status-parse.error';

const FORMATS: StatusFormatOrAuto[] = ['auto', ...Object.values(StatusFormat)];
const SMALL = [
  'github/status_2023-05-09T1952Z.json',
  'anthropic/scheduled-maintenances_2026-09-15.json',
  'openai/summary_2026-07-09_all-operational.json',
  'github/summary_2022-03-28T1238Z_scheduled-maintenance.json',
  'synthetic/incident-io-widget.json',
  'synthetic/history.rss',
];
const SEEDS = SMALL.map(fixture);
const XML_SEED = fixture('saucelabs/history_2020-11-15.atom').slice(0, 6000);

/** Either returns a feed or throws a StatusParseError; anything else fails the property. */
function onlyParseErrors(body: string, format: StatusFormatOrAuto): boolean {
  try {
    parseStatusPayload(body, format);
    return true;
  } catch (error) {
    return error instanceof StatusParseError;
  }
}

/** Replaces one random node of a JSON document by an arbitrary JSON value. */
function mutate(document: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || document === null || typeof document !== 'object') return replacement;
  const entries = Array.isArray(document)
    ? document.map((v, i) => [i, v] as const)
    : Object.entries(document);
  if (entries.length === 0) return replacement;
  const [key, value] = entries[path[0] % entries.length];
  const copy: any = Array.isArray(document) ? [...document] : { ...document };
  copy[key] = mutate(value, path.slice(1), replacement);
  return copy;
}

describe('parsers never throw anything but StatusParseError', () => {
  const format = fc.constantFrom(...FORMATS);

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), format, onlyParseErrors), {
      numRuns: 500,
    });
  });

  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), format, (value, f) =>
        onlyParseErrors(JSON.stringify(value) ?? '', f),
      ),
      { numRuns: 500 },
    );
  });

  it('on real payloads with one node replaced by anything', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS.filter((s) => s.trimStart().startsWith('{'))),
        fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
        fc.jsonValue({ maxDepth: 3 }),
        (seed, path, replacement) =>
          onlyParseErrors(JSON.stringify(mutate(JSON.parse(seed), path, replacement)), 'auto'),
      ),
      { numRuns: 400 },
    );
  });

  it('on real payloads truncated or with bytes changed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS, XML_SEED),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.string({ minLength: 0, maxLength: 3 })), { maxLength: 4 }),
        format,
        (seed, cut, edits, f) => {
          let text = seed.slice(0, (cut % seed.length) + 1);
          for (const [at, insert] of edits) {
            const position = at % (text.length + 1);
            text = text.slice(0, position) + insert + text.slice(position + 1);
          }
          return onlyParseErrors(text, f);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on XML feeds with arbitrary entries', () => {
    const entry = fc.record({
      link: fc.string({ maxLength: 40 }),
      title: fc.string({ maxLength: 20 }),
      published: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.string({ maxLength: 25 }),
      ),
      content: fc.string({ maxLength: 120 }),
    });
    const escape = (s: string) =>
      s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), (entries) => {
        const body = `<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id>${entries
          .map(
            (e) =>
              `<entry><link rel="alternate" href="${escape(e.link)}"/><title>${escape(e.title)}</title><published>${escape(e.published)}</published><content type="html">${escape(`<p><small>Nov 3, 10:00 PST</small><br><strong>Resolved</strong> - ${e.content}</p>`)}</content></entry>`,
          )
          .join('')}</feed>`;
        return onlyParseErrors(body, 'auto');
      }),
      { numRuns: 300 },
    );
  });

  it('on every real fixture in every forced format', () => {
    for (const name of REAL_FIXTURES)
      for (const f of FORMATS) expect(onlyParseErrors(fixture(name), f)).toBe(true);
  });
});
