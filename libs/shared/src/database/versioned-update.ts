import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { NotFoundError, StaleVersionError } from '../http/api-error';

const snake = (value: string) => value.replace(/([a-z\d])([A-Z])/g, '$1_$2').toLowerCase();

/**
 * Optimistic concurrency: `UPDATE … SET …, version = version + 1 WHERE id = $1 AND version = $2`.
 * Returns false when the row was changed (or removed) by someone else. The only place that
 * bumps a version; services go through `versionedWrite`, which throws StaleVersionError.
 * `target` is a table name (changes by property name, snake-cased; `json` names columns whose
 * values are sent as JSON) or an entity class (TypeORM maps columns and transformers).
 */
export async function updateVersioned<T extends ObjectLiteral>(
  manager: EntityManager,
  target: string | EntityTarget<T>,
  id: string,
  expectedVersion: number,
  changes: Partial<T> | Record<string, unknown>,
  json: string[] = [],
): Promise<boolean> {
  if (typeof target !== 'string') {
    const result = await manager
      .createQueryBuilder()
      .update(target)
      .set({ ...(changes as object), version: () => '"version" + 1' } as never)
      .where('id = :id AND version = :version', { id, version: expectedVersion })
      .execute();
    return (result.affected ?? 0) === 1;
  }
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
  const assignments = entries.map(([key], index) => `"${snake(key)}" = $${index + 3}`);
  assignments.push('"version" = "version" + 1', '"updated_at" = now()');
  const [, affected] = (await manager.query(
    `UPDATE "${target}" SET ${assignments.join(', ')} WHERE "id" = $1 AND "version" = $2`,
    [
      id,
      expectedVersion,
      ...entries.map(([key, value]) =>
        json.includes(key) && value !== null ? JSON.stringify(value) : value,
      ),
    ],
  )) as [unknown, number];
  return affected === 1;
}

/** `DELETE … WHERE id = $1 AND version = $2`; false when the row changed or is gone. */
export async function deleteVersioned(
  manager: EntityManager,
  table: string,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const [, affected] = (await manager.query(
    `DELETE FROM "${table}" WHERE "id" = $1 AND "version" = $2`,
    [id, expectedVersion],
  )) as [unknown, number];
  return affected === 1;
}

export interface VersionedWriteOptions<T extends { version: number }> {
  /** The transaction every read and write of this helper goes through. */
  manager: EntityManager;
  /** Name in messages, e.g. 'Timeline event'. */
  entity: string;
  /** Identifier for the 404 message when the row does not exist. */
  id: string;
  expectedVersion: number;
  /** Reads the row with the given manager (the transaction's); null when it does not exist. */
  find: (manager: EntityManager) => Promise<T | null>;
  /** Refusals that come before the version check (e.g. a deleted event cannot be edited). */
  check?: (before: T) => void;
  /**
   * The write, run only when the version matches: `{ table, changes }` for an UPDATE (changes may
   * depend on the row; throw from it to refuse the change), 'delete' with `table`, or a function
   * that writes its own `… WHERE id AND version` and returns whether a row was affected.
   */
  write:
    | {
        table: string;
        changes: Partial<T> | ((before: T) => Partial<T> | Promise<Partial<T>>);
        json?: string[];
      }
    | { table: string; delete: true }
    | ((before: T, manager: EntityManager) => Promise<boolean>);
  /** The current state as the 409 body shows it (default: the row). */
  view?: (current: T) => unknown;
  /** Runs in the same transaction after a successful write (activity log, revisions). */
  log?: (before: T, after: T | null, manager: EntityManager) => Promise<void>;
}

/**
 * One versioned write: read the row in the transaction, compare its version, write with
 * `WHERE id AND version`, and when nothing was affected read it again in the same transaction
 * and throw StaleVersionError (→ 409) carrying the current version and state. Reading outside the
 * open transaction would wait on it (and deadlock on the single embedded connection).
 */
export async function versionedWrite<T extends { version: number }>(
  options: VersionedWriteOptions<T>,
): Promise<{ before: T; after: T | null }> {
  const { manager, entity, expectedVersion, find } = options;
  const view = options.view ?? ((current: T) => current);
  const stale = (current: T | null): never => {
    throw new StaleVersionError(
      entity,
      expectedVersion,
      current?.version ?? null,
      current ? view(current) : null,
    );
  };
  const before = await find(manager);
  if (!before) throw new NotFoundError(entity, options.id);
  options.check?.(before);
  if (before.version !== expectedVersion) stale(before);
  const { write } = options;
  let written: boolean;
  let deleted = false;
  if (typeof write === 'function') {
    written = await write(before, manager);
  } else if ('delete' in write) {
    deleted = true;
    written = await deleteVersioned(
      manager,
      write.table,
      (before as { id?: string }).id!,
      expectedVersion,
    );
  } else {
    const changes =
      typeof write.changes === 'function' ? await write.changes(before) : write.changes;
    written = await updateVersioned(
      manager,
      write.table,
      (before as { id?: string }).id!,
      expectedVersion,
      changes as Record<string, unknown>,
      write.json,
    );
  }
  if (!written) stale(await find(manager));
  const after = deleted ? null : await find(manager);
  if (options.log) await options.log(before, after, manager);
  return { before, after };
}
