import { Principal, VisibilityService } from '@rca/accounts';
import { createTestApp, TestApp } from './test-context';

describe('VisibilityService: private records are visible to their team and admins only', () => {
  let sut: TestApp;
  const visibility = new VisibilityService();
  const principal = (role: Principal['role'], teamIds: string[]): Principal => ({
    userId: '00000000-0000-4000-8000-000000000001',
    email: null,
    displayName: 'x',
    role,
    kind: 'human',
    teamIds,
    via: 'session',
  });

  beforeAll(async () => {
    sut = await createTestApp();
    // A stand-in for the incidents table (built by another domain).
    await sut.dataSource.query(
      `CREATE TABLE demo_incident (title text, private boolean NOT NULL, team_id uuid)`,
    );
  });
  afterAll(() => sut.close());

  it('filters list queries in SQL and answers single-record checks', async () => {
    const payments = await sut.factories.newTeam({ name: 'payments' });
    const search = await sut.factories.newTeam({ name: 'search' });
    await sut.dataSource.query(
      `INSERT INTO demo_incident VALUES ('public', false, NULL), ('payments secret', true, $1), ('search secret', true, $2)`,
      [payments.id, search.id],
    );
    const titles = async (who: Principal) => {
      const query = sut.dataSource
        .createQueryBuilder()
        .select('i.title', 'title')
        .from('demo_incident', 'i')
        .orderBy('i.title');
      visibility.restrict(query, who, { privateColumn: 'i.private', teamColumn: 'i.team_id' });
      return (await query.getRawMany()).map((row) => row.title);
    };
    expect(await titles(principal('manager', [payments.id]))).toEqual([
      'payments secret',
      'public',
    ]);
    expect(await titles(principal('responder', []))).toEqual(['public']);
    expect(await titles(principal('admin', []))).toEqual([
      'payments secret',
      'public',
      'search secret',
    ]);

    expect(
      visibility.canSee(principal('viewer', [search.id]), {
        isPrivate: true,
        teamIds: [search.id],
      }),
    ).toBe(true);
    expect(
      visibility.canSee(principal('manager', [payments.id]), {
        isPrivate: true,
        teamIds: [search.id],
      }),
    ).toBe(false);
    expect(
      visibility.canSee(principal('viewer', []), { isPrivate: false, teamIds: [search.id] }),
    ).toBe(true);
    expect(visibility.canSee(principal('admin', []), { isPrivate: true, teamIds: [null] })).toBe(
      true,
    );
  });
});
