import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  parseStatusPayload,
  StatusFormat,
  StatusFormatOrAuto,
  StatusParseError,
} from '@rca/status-sources';
import { FIXTURES } from '../../../libs/status-sources/test/fixtures';
import type { ReliabilityArea } from '../harness';
import { checkProperty, PropertyTally } from '../properties';

const FORMATS: StatusFormatOrAuto[] = ['auto', ...Object.values(StatusFormat)];

/** Every vendor payload of the fixtures (the real ones from ../shared/fixtures, plus synthetic). */
function seeds(): Array<{ name: string; text: string }> {
  const found: Array<{ name: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(json|atom|rss|xml)$/.test(entry))
        found.push({ name: path.relative(FIXTURES, file), text: readFileSync(file, 'utf8') });
    }
  };
  walk(FIXTURES);
  return found;
}

/** The property: a feed (JSON-serialisable) or a StatusParseError; anything else is a failure. */
function parsesOrRefuses(body: string, format: StatusFormatOrAuto): boolean {
  let feed: unknown;
  try {
    feed = parseStatusPayload(body, format);
  } catch (error) {
    if (error instanceof StatusParseError) return true;
    throw new Error(
      `${format}: unexpected ${(error as Error).name}: ${(error as Error).message}`.slice(0, 300),
    );
  }
  JSON.stringify(feed);
  return true;
}

function mutate(document: unknown, at: number[], replacement: unknown): unknown {
  if (at.length === 0 || document === null || typeof document !== 'object') return replacement;
  const entries = Array.isArray(document)
    ? document.map((value, index) => [index, value] as const)
    : Object.entries(document);
  if (entries.length === 0) return replacement;
  const [key, value] = entries[at[0] % entries.length];
  const copy: any = Array.isArray(document) ? [...document] : { ...document };
  copy[key] = mutate(value, at.slice(1), replacement);
  return copy;
}

/** Property-based: every status parser (each forced format and auto) on hostile payloads. */
export const parsersPropertyArea: ReliabilityArea = {
  name: 'parsers-property',
  description:
    'fast-check over every status parser, seeded with the vendor fixtures: a feed or a StatusParseError, never another exception',
  timeoutMs: 120_000,
  needsSystem: false,
  async run() {
    const tally: PropertyTally = { cases: 0, failures: [] };
    const all = seeds();
    const json = all.filter(
      (seed) => seed.text.trimStart().startsWith('{') || seed.text.trimStart().startsWith('['),
    );
    const small = all.filter((seed) => seed.text.length < 100_000);
    const format = fc.constantFrom(...FORMATS);

    // Every real payload, whole, in every forced format.
    for (const seed of all)
      for (const forced of FORMATS) {
        tally.cases += 1;
        try {
          parsesOrRefuses(seed.text, forced);
        } catch (error) {
          tally.failures.push(`${seed.name}: ${(error as Error).message}`);
        }
      }
    checkProperty(
      tally,
      'arbitrary strings',
      fc.property(fc.string({ maxLength: 300 }), format, parsesOrRefuses),
      400,
    );
    checkProperty(
      tally,
      'arbitrary JSON values',
      fc.property(fc.jsonValue(), format, (value, f) =>
        parsesOrRefuses(JSON.stringify(value) ?? '', f),
      ),
      400,
    );
    const parsed = json
      .filter((seed) => seed.text.length < 400_000)
      .map((seed) => ({ name: seed.name, document: JSON.parse(seed.text) as unknown }));
    checkProperty(
      tally,
      'a real JSON payload with one node replaced by anything',
      fc.property(
        fc.constantFrom(...parsed),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        fc.jsonValue({ maxDepth: 3 }),
        format,
        (seed, at, replacement, f) =>
          parsesOrRefuses(JSON.stringify(mutate(seed.document, at, replacement)), f),
      ),
      400,
    );
    checkProperty(
      tally,
      'a real payload truncated, with bytes changed',
      fc.property(
        fc.constantFrom(...small.map((seed) => seed.text.slice(0, 20_000))),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 3 })), { maxLength: 4 }),
        format,
        (seed, cut, edits, f) => {
          let text = seed.slice(0, (cut % seed.length) + 1);
          for (const [at, insert] of edits) {
            const position = at % (text.length + 1);
            text = text.slice(0, position) + insert + text.slice(position + 1);
          }
          return parsesOrRefuses(text, f);
        },
      ),
      300,
    );
    const escape = (text: string) =>
      text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;');
    const entry = fc.record({
      link: fc.string({ maxLength: 40 }),
      title: fc.string({ maxLength: 30 }),
      date: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.string({ maxLength: 25 }),
      ),
      content: fc.string({ maxLength: 200 }),
    });
    checkProperty(
      tally,
      'Atom and RSS feeds with arbitrary entries',
      fc.property(fc.array(entry, { maxLength: 5 }), fc.boolean(), (entries, atom) => {
        const body = atom
          ? `<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id>${entries
              .map(
                (e) =>
                  `<entry><link rel="alternate" href="${escape(e.link)}"/><title>${escape(e.title)}</title><published>${escape(e.date)}</published><content type="html">${escape(`<p><small>Nov 3, 10:00 PST</small><br><strong>Resolved</strong> - ${e.content}</p>`)}</content></entry>`,
              )
              .join('')}</feed>`
          : `<rss version="2.0"><channel><title>x</title>${entries
              .map(
                (e) =>
                  `<item><link>${escape(e.link)}</link><title>${escape(e.title)}</title><pubDate>${escape(e.date)}</pubDate><description>${escape(e.content)}</description></item>`,
              )
              .join('')}</channel></rss>`;
        return (
          parsesOrRefuses(body, 'auto') &&
          parsesOrRefuses(body, atom ? StatusFormat.Atom : StatusFormat.Rss)
        );
      }),
      300,
    );
    return {
      figures: {
        seeds: all.length,
        formats: FORMATS.length,
        cases: tally.cases,
        failures: tally.failures.length,
      },
      failures: tally.failures,
    };
  },
};
