import type { CatalogImportFormat } from '@rca/api-contract';
import { flattenValidationErrors, type FieldError } from '@rca/shared';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse as parseCsv } from 'csv-parse/sync';
import { isMap, isSeq, parseDocument } from 'yaml';
import {
  ImportComponentEntry,
  ImportDependencyEntry,
  ImportServiceEntry,
  ImportVendorEntry,
} from './catalog-import.dto';

/** Every entry remembers where it came from ("services[2]", "line 7") for the error list. */
export interface Located<T> {
  at: string;
  value: T;
}

export interface CatalogFile {
  services: Array<Located<ImportServiceEntry>>;
  vendors: Array<Located<ImportVendorEntry>>;
  components: Array<Located<ImportComponentEntry>>;
  dependencies: Array<Located<ImportDependencyEntry>>;
}

/** More entries than this is not a catalog a person keeps by hand: refused before any lookup. */
export const CATALOG_IMPORT_MAX_ENTRIES = 5000;

const SECTIONS = ['services', 'vendors', 'components', 'dependencies'] as const;
type Section = (typeof SECTIONS)[number];
const ENTRY_CLASS = {
  services: ImportServiceEntry,
  vendors: ImportVendorEntry,
  components: ImportComponentEntry,
  dependencies: ImportDependencyEntry,
} as const;

/** The CSV columns per row `type`; `type` itself is the first column. */
export const CSV_COLUMNS = {
  service: ['name', 'slug', 'ownerTeam', 'tier', 'description'],
  vendor: ['name', 'slug', 'website', 'statusPageUrl'],
  component: ['vendor', 'name', 'groupName', 'description'],
  dependency: [
    'service',
    'vendor',
    'component',
    'dependsOnService',
    'kind',
    'criticality',
    'hasFallback',
    'notes',
  ],
} as const;
const CSV_SECTION: Record<string, Section> = {
  service: 'services',
  vendor: 'vendors',
  component: 'components',
  dependency: 'dependencies',
};
const ALL_COLUMNS = new Set<string>(['type', ...Object.values(CSV_COLUMNS).flat()]);

const problem = (field: string, message: string): FieldError => ({ field, messages: [message] });

/**
 * Reads a catalog file (YAML or CSV, format in docs/incidents.md#catalog-import) and checks each
 * entry's fields. References between entries and to the stored catalog are checked later
 * (planCatalogImport).
 */
export function parseCatalogFile(
  format: CatalogImportFormat,
  content: string,
): { file: CatalogFile; errors: FieldError[] } {
  const raw = format === 'yaml' ? readYaml(content) : readCsv(content);
  const file: CatalogFile = { services: [], vendors: [], components: [], dependencies: [] };
  const errors = [...raw.errors];
  const count = SECTIONS.reduce((sum, section) => sum + raw.entries[section].length, 0);
  if (count > CATALOG_IMPORT_MAX_ENTRIES) {
    errors.push(
      problem('content', `${count} entries; at most ${CATALOG_IMPORT_MAX_ENTRIES} per import`),
    );
    return { file, errors };
  }
  for (const section of SECTIONS) {
    for (const { at, value } of raw.entries[section]) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        errors.push(problem(at, 'must be a mapping of fields'));
        continue;
      }
      const entry = plainToInstance(ENTRY_CLASS[section] as new () => object, value);
      const found = validateSync(entry, {
        whitelist: true,
        forbidNonWhitelisted: true,
        validationError: { target: false, value: false },
      });
      if (found.length) errors.push(...flattenValidationErrors(found, at));
      else (file[section] as Array<Located<object>>).push({ at, value: entry });
    }
  }
  // In the order of the file: a CSV's problems by line (a bad row type is found while reading).
  const line = (error: FieldError) => Number(/^line (\d+)/.exec(error.field)?.[1] ?? 0);
  if (format === 'csv') errors.sort((a, b) => line(a) - line(b));
  return { file, errors };
}

type RawEntries = Record<Section, Array<Located<unknown>>>;

function readYaml(content: string): { entries: RawEntries; errors: FieldError[] } {
  const entries: RawEntries = { services: [], vendors: [], components: [], dependencies: [] };
  const document = parseDocument(content, { prettyErrors: false });
  if (document.errors.length)
    return {
      entries,
      errors: document.errors.map((error) =>
        problem(
          'content',
          `YAML ${error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : ''}: ${error.message.split('\n')[0]}`,
        ),
      ),
    };
  if (!isMap(document.contents))
    return {
      entries,
      errors: [
        problem(
          'content',
          'the file must be a mapping with services, vendors, components and dependencies',
        ),
      ],
    };
  const errors: FieldError[] = [];
  let data: Record<string, unknown>;
  try {
    data = document.toJS({ maxAliasCount: 50 }) as Record<string, unknown>;
  } catch (error) {
    return { entries, errors: [problem('content', `YAML: ${(error as Error).message}`)] };
  }
  for (const [key, value] of Object.entries(data)) {
    if (!(SECTIONS as readonly string[]).includes(key)) {
      errors.push(problem(key, `unknown section; use ${SECTIONS.join(', ')}`));
      continue;
    }
    if (value === null || value === undefined) continue;
    if (!Array.isArray(value)) {
      errors.push(problem(key, 'must be a list'));
      continue;
    }
    value.forEach((item: unknown, index) => {
      const at = `${key}[${index}]`;
      if (key === 'vendors' && item && typeof item === 'object' && 'components' in item) {
        // A vendor may list its components inline: names, or mappings like a component entry.
        const { components, ...vendor } = item as { components: unknown };
        entries.vendors.push({ at, value: vendor });
        if (!Array.isArray(components)) {
          errors.push(problem(`${at}.components`, 'must be a list'));
          return;
        }
        components.forEach((component: unknown, position) =>
          entries.components.push({
            at: `${at}.components[${position}]`,
            value:
              typeof component === 'string'
                ? { vendor: (vendor as { name?: unknown }).name, name: component }
                : component && typeof component === 'object' && !Array.isArray(component)
                  ? { vendor: (vendor as { name?: unknown }).name, ...component }
                  : component,
          }),
        );
        return;
      }
      entries[key as Section].push({ at, value: item });
    });
  }
  if (isSeq(document.contents)) errors.push(problem('content', 'must be a mapping'));
  return { entries, errors };
}

function readCsv(content: string): { entries: RawEntries; errors: FieldError[] } {
  const entries: RawEntries = { services: [], vendors: [], components: [], dependencies: [] };
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    rows = parseCsv(content, {
      bom: true,
      columns: (header: string[]) => header.map((column) => column.trim()),
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as typeof rows;
  } catch (error) {
    return { entries, errors: [problem('content', `CSV: ${(error as Error).message}`)] };
  }
  const errors: FieldError[] = [];
  const header = rows[0] ? Object.keys(rows[0].record) : [];
  const unknown = header.filter((column) => !ALL_COLUMNS.has(column));
  if (unknown.length)
    return {
      entries,
      errors: [
        problem(
          'header',
          `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the columns are ${[...ALL_COLUMNS].join(', ')}`,
        ),
      ],
    };
  for (const { record, info } of rows) {
    const at = `line ${info.lines}`;
    const section = CSV_SECTION[record.type ?? ''];
    if (!section) {
      errors.push(
        problem(`${at}.type`, 'type must be one of: service, vendor, component, dependency'),
      );
      continue;
    }
    const allowed = CSV_COLUMNS[record.type as keyof typeof CSV_COLUMNS] as readonly string[];
    const value: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(record)) {
      if (column === 'type' || cell === '') continue;
      if (!allowed.includes(column)) {
        errors.push(
          problem(`${at}.${column}`, `does not apply to a ${record.type} row; leave it empty`),
        );
        continue;
      }
      value[column] = convertCell(column, cell);
    }
    entries[section].push({ at, value });
  }
  return { entries, errors };
}

/** CSV cells are text: numbers and yes/no become what the YAML would hold (else left for the validator to name). */
function convertCell(column: string, cell: string): unknown {
  if (column === 'tier' && /^\d+$/.test(cell)) return Number(cell);
  if (column === 'hasFallback') {
    if (/^(true|yes|y|1)$/i.test(cell)) return true;
    if (/^(false|no|n|0)$/i.test(cell)) return false;
  }
  return cell;
}
