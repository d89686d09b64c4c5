import { ApiProperty } from '@nestjs/swagger';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { InvalidInputError } from './api-error';
import { DEFAULT_PAGE_SIZE, Page } from './pagination';

/** The page fields of every list answer: `{ items, nextCursor }` (see ./pagination). */
export class CursorPageMetaDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;
}

const POSITION_PREFIX = 'p';

/** The row position a position cursor points at (0 without one); a 400 for a foreign cursor. */
export function positionOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  return decodePosition(cursor);
}

/** The cursor of the page after `start + size` rows, or null when `more` is false. */
export function positionCursor(start: number, size: number, more: boolean): string | null {
  return more
    ? Buffer.from(JSON.stringify([POSITION_PREFIX, start + size])).toString('base64url')
    : null;
}

function decodePosition(cursor: string): number {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value[0] === POSITION_PREFIX &&
      Number.isSafeInteger(value[1]) &&
      (value[1] as number) > 0 &&
      (value[1] as number) <= 10_000_000
    )
      return value[1] as number;
  } catch {
    // fall through
  }
  throw new InvalidInputError(
    'cursor',
    'is not a cursor returned by this list; start again without it',
  );
}

/**
 * The same `?cursor=&limit=` contract as keysetPage, for short lists whose order is several
 * columns with NULLs (action items by due date then priority, deadline policies by severity then
 * team, deadlines by due): the cursor carries the position after the last row. Clients cannot
 * tell the two apart; append-heavy lists use keysetPage, which never shifts under inserts.
 * The query must already carry its ORDER BY, ending in a unique column.
 */
export async function positionPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  cursor: string | undefined,
  limit: number | undefined,
): Promise<Page<T>> {
  const size = limit ?? DEFAULT_PAGE_SIZE;
  const start = positionOf(cursor);
  const rows = await query
    .skip(start)
    .take(size + 1)
    .getMany();
  return {
    items: rows.slice(0, size),
    nextCursor: positionCursor(start, size, rows.length > size),
  };
}
