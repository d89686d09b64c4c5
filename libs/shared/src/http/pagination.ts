import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
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

function decodeCursor(cursor: string): [string, string] {
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
  throw new InvalidInputError(
    'cursor',
    'is not a cursor returned by this list; start again without it',
  );
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
    const [value, id] = decodeCursor(cursor);
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
    // A tampered cursor value that does not cast.
    if ((error as { driverError?: { code?: string } }).driverError?.code?.startsWith('22')) {
      throw new InvalidInputError(
        'cursor',
        'is not a cursor returned by this list; start again without it',
      );
    }
    throw error;
  }
  const items = entities.slice(0, size);
  const last = raw[size - 1];
  const nextCursor =
    entities.length > size && last
      ? Buffer.from(JSON.stringify([last.keyset_value, last.keyset_id])).toString('base64url')
      : null;
  return { items, nextCursor };
}
