import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/test-context';
import { NotFoundError, StaleVersionError } from '../http/api-error';
import { versionedWrite } from './versioned-update';

interface Row {
  id: string;
  name: string;
  version: number;
}

describe('versionedWrite (real Postgres, the service table)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: database.url, poolSize: 1 });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function newRow(name = 'Chat web'): Promise<Row> {
    const [row] = (await dataSource.query(
      `INSERT INTO service (slug, name) VALUES ($1, $2) RETURNING id, name, version`,
      [`s-${randomUUID()}`, name],
    )) as Row[];
    return row;
  }

  const find = (id: string) => async (manager: EntityManager) =>
    (
      (await manager.query(`SELECT id, name, version FROM service WHERE id = $1`, [id])) as Row[]
    )[0] ?? null;

  const rename = (id: string, expectedVersion: number, name: string) =>
    dataSource.transaction((manager) =>
      versionedWrite<Row>({
        manager,
        entity: 'Service',
        id,
        expectedVersion,
        find: find(id),
        write: { table: 'service', changes: { name } },
      }),
    );

  it('writes, bumps the version and returns the row before and after', async () => {
    const row = await newRow();
    const sut = await rename(row.id, 1, 'Chat web (EU)');
    expect(sut.before).toMatchObject({ version: 1, name: 'Chat web' });
    expect(sut.after).toMatchObject({ version: 2, name: 'Chat web (EU)' });
  });

  it('refuses a stale version with the current version and state, and writes nothing', async () => {
    const row = await newRow();
    await rename(row.id, 1, 'Won');
    const sut = rename(row.id, 1, 'Lost');
    await expect(sut).rejects.toBeInstanceOf(StaleVersionError);
    await expect(sut).rejects.toMatchObject({
      details: { expectedVersion: 1, currentVersion: 2, current: { name: 'Won', version: 2 } },
    });
    expect(await find(row.id)(dataSource.manager)).toMatchObject({ name: 'Won', version: 2 });
  });

  it('re-reads in the same transaction when the row moved between its read and its write', async () => {
    const row = await newRow();
    const sut = dataSource.transaction((manager) =>
      versionedWrite<Row>({
        manager,
        entity: 'Service',
        id: row.id,
        expectedVersion: 1,
        find: find(row.id),
        write: async (_before, tx) => {
          // Someone else's write lands first (same connection here: the pool has one).
          await tx.query(`UPDATE service SET name = 'Other', version = 7 WHERE id = $1`, [row.id]);
          const [, affected] = (await tx.query(
            `UPDATE service SET name = 'Mine' WHERE id = $1 AND version = 1`,
            [row.id],
          )) as [unknown, number];
          return affected === 1;
        },
      }),
    );
    await expect(sut).rejects.toMatchObject({
      details: { expectedVersion: 1, currentVersion: 7, current: { name: 'Other' } },
    });
  });

  it('runs the log in the same transaction, after the write', async () => {
    const row = await newRow();
    const seen: Array<[number, number | undefined]> = [];
    await dataSource.transaction((manager) =>
      versionedWrite<Row>({
        manager,
        entity: 'Service',
        id: row.id,
        expectedVersion: 1,
        find: find(row.id),
        write: { table: 'service', changes: { name: 'Logged' } },
        log: async (before, after, tx) => {
          seen.push([before.version, after?.version]);
          expect((await find(row.id)(tx))?.name).toBe('Logged');
        },
      }),
    );
    expect(seen).toEqual([[1, 2]]);
  });

  it('answers 404 for a row that does not exist', async () => {
    const sut = rename(randomUUID(), 1, 'Nobody');
    await expect(sut).rejects.toBeInstanceOf(NotFoundError);
  });
});
