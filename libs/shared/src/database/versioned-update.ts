import { EntityManager } from 'typeorm';

const snake = (value: string) => value.replace(/([a-z\d])([A-Z])/g, '$1_$2').toLowerCase();

/**
 * Optimistic concurrency: `UPDATE … SET …, version = version + 1 WHERE id = $1 AND version = $2`.
 * Returns false when the row was changed (or removed) by someone else; the caller throws
 * StaleVersionError with the current state.
 */
export async function updateVersioned(
  manager: EntityManager,
  table: string,
  id: string,
  expectedVersion: number,
  changes: Record<string, unknown>,
): Promise<boolean> {
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
  const assignments = entries.map(([key], index) => `"${snake(key)}" = $${index + 3}`);
  assignments.push('"version" = "version" + 1', '"updated_at" = now()');
  const [, affected] = (await manager.query(
    `UPDATE "${table}" SET ${assignments.join(', ')} WHERE "id" = $1 AND "version" = $2`,
    [id, expectedVersion, ...entries.map(([, value]) => value)],
  )) as [unknown, number];
  return affected === 1;
}
