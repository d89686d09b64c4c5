import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  DataSource,
  EntityMetadata,
  EntityTarget,
  ObjectLiteral,
  SelectQueryBuilder,
} from 'typeorm';
import { InvalidInputError } from './api-error';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** Cursor pagination: pass `nextCursor` of a page as `cursor` to get the next one. */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (nextCursor)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** null on the last page. */
  nextCursor: string | null;
}

export interface KeysetSort {
  /** SQL expression of the sort column, e.g. `i.started_at`; must be NOT NULL. */
  column: string;
  /** SQL type to cast the cursor value back to. */
  type: 'timestamptz' | 'text' | 'int' | 'bigint';
  direction: 'ASC' | 'DESC';
}

const BAD_CURSOR = 'is not a cursor returned by this list; start again without it';

/** The (sort value, id) a keyset cursor carries; a 400 naming `cursor` for anything else. */
export function decodeKeysetCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through
  }
  throw new InvalidInputError('cursor', BAD_CURSOR);
}

/** A tampered cursor value that does not cast (SQLSTATE class 22) is the client's 400. */
function rethrowBadCursor(error: unknown): never {
  if ((error as { driverError?: { code?: string } }).driverError?.code?.startsWith('22'))
    throw new InvalidInputError('cursor', BAD_CURSOR);
  throw error;
}

/** The page of `size` from up to size + 1 items; `raw` rows carry `keyset_value` and `keyset_id`. */
function keysetPageOf<T>(raw: Array<Record<string, unknown>>, items: T[], size: number): Page<T> {
  const last = raw[size - 1];
  const nextCursor =
    items.length > size && last
      ? Buffer.from(JSON.stringify([last.keyset_value, last.keyset_id])).toString('base64url')
      : null;
  return { items: items.slice(0, size), nextCursor };
}

/**
 * The same keyset page for a hand-written statement (a hot list, whose statement costs less to
 * write out than to build with the query builder). `statement` gets the cursor's condition
 * (`(column, id) < (…)`, or null on the first page) and the placeholder of the page size + 1,
 * both with their values already appended to `parameters`, and returns the SQL: it must select
 * `keysetColumns(sort)`, order by (column, id) in `direction` and end with `LIMIT <placeholder>`.
 */
export async function keysetPageSql<T>(
  run: (sql: string, parameters: unknown[]) => Promise<Array<Record<string, unknown>>>,
  sort: KeysetSort & { idColumn: string },
  statement: (cursorCondition: string | null, limitParameter: string) => string,
  parameters: unknown[],
  cursor: string | undefined,
  limit: number | undefined,
): Promise<Page<T>> {
  const size = limit ?? DEFAULT_PAGE_SIZE;
  let condition: string | null = null;
  if (cursor) {
    const [value, id] = decodeKeysetCursor(cursor);
    parameters.push(value, id);
    const operator = sort.direction === 'DESC' ? '<' : '>';
    condition = `(${sort.column}, ${sort.idColumn}) ${operator} (CAST($${parameters.length - 1} AS ${sort.type}), CAST($${parameters.length} AS uuid))`;
  }
  parameters.push(size + 1);
  const sql = statement(condition, `$${parameters.length}`);
  let raw: Array<Record<string, unknown>>;
  try {
    raw = await run(sql, parameters);
  } catch (error) {
    rethrowBadCursor(error);
  }
  const items = raw.map(({ keyset_value: _value, keyset_id: _id, ...row }) => row as T);
  return keysetPageOf(raw, items, size);
}

const selectLists = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * The select list of a hand-written read whose rows go straight to JSON shaped like the entity:
 * every column of `entity` as `<alias>.<column> AS "<property>"`, built once per entity and alias.
 */
export function entitySelectList(
  dataSource: DataSource,
  entity: EntityTarget<ObjectLiteral>,
  alias: string,
): string {
  const metadata = dataSource.getMetadata(entity);
  let byAlias = selectLists.get(metadata);
  if (!byAlias) selectLists.set(metadata, (byAlias = new Map()));
  let list = byAlias.get(alias);
  if (list === undefined) {
    list = metadata.columns
      .map((column) => `${alias}.${column.databaseName} AS "${column.propertyName}"`)
      .join(', ');
    byAlias.set(alias, list);
  }
  return list;
}

/** The positional parameters of a hand-written statement: `add(value)` appends it and returns its `$n`. */
export function positionalParameters(): { values: unknown[]; add: (value: unknown) => string } {
  const values: unknown[] = [];
  return {
    values,
    add: (value) => {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

/** The select list entries keysetPageSql needs. */
export function keysetColumns(sort: KeysetSort & { idColumn: string }): string {
  return `CAST(${sort.column} AS text) AS keyset_value, CAST(${sort.idColumn} AS text) AS keyset_id`;
}

/**
 * Keyset pagination on (sort column, id): rows inserted while a client pages never shift or
 * repeat what it has seen (unlike OFFSET). The cursor carries the database's own text for the
 * sort value, so microsecond timestamps compare exactly.
 */
export async function keysetPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  sort: KeysetSort,
  cursor: string | undefined,
  limit: number | undefined,
  /** Rows as selected (`query.select(...)`), without entity hydration, for lists that go straight to JSON. */
  options: { lean?: boolean } = {},
): Promise<Page<T>> {
  const size = limit ?? DEFAULT_PAGE_SIZE;
  const idColumn = `${alias}.id`;
  const idType = sort.type === 'bigint' && sort.column === idColumn ? 'bigint' : 'uuid';
  if (cursor) {
    const [value, id] = decodeKeysetCursor(cursor);
    const operator = sort.direction === 'DESC' ? '<' : '>';
    query.andWhere(
      `(${sort.column}, ${idColumn}) ${operator} (CAST(:cursorValue AS ${sort.type}), CAST(:cursorId AS ${idType}))`,
      { cursorValue: value, cursorId: id },
    );
  }
  query
    .addSelect(`CAST(${sort.column} AS text)`, 'keyset_value')
    .addSelect(`CAST(${idColumn} AS text)`, 'keyset_id')
    .orderBy(sort.column, sort.direction)
    .addOrderBy(idColumn, sort.direction)
    .limit(size + 1);
  let raw: Array<Record<string, string>>;
  let entities: T[];
  try {
    if (options.lean) {
      raw = await query.getRawMany();
      entities = raw.map(({ keyset_value: _value, keyset_id: _id, ...row }) => row as unknown as T);
    } else {
      ({ raw, entities } = await query.getRawAndEntities());
    }
  } catch (error) {
    rethrowBadCursor(error);
  }
  return keysetPageOf(raw, entities, size);
}
