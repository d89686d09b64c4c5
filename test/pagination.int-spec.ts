import { TEST_PASSWORD } from './factories';
import { signIn } from './http-session';
import { createTestApp, TestApp } from './test-context';

/**
 * One way to page (docs/api.md): `?cursor=&limit=` answering `{ items, nextCursor }`, plus `total`
 * where a page shows it (users, teams, tokens). Status sources paged by number and users, teams and
 * tokens by offset before; those parameters are refused now.
 */
describe('cursor pagination of status sources, users, teams and tokens (real Postgres)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  const get = async (path: string) => {
    const response = await sut.fetchAs()(path);
    return { status: response.status, body: await response.json() };
  };

  it('pages status sources by cursor, oldest first; a source added meanwhile comes on a later page, none twice', async () => {
    const vendor = await sut.factories.newVendor();
    const urls = ['a', 'b', 'c'].map((name) => `https://status.example.com/${name}.json`);
    for (const url of urls) await sut.factories.newStatusSource({ vendorId: vendor.id, url });

    const first = await get(`/api/status-sources?vendorId=${vendor.id}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((source: any) => source.url)).toEqual(urls.slice(0, 2));
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(first.body).not.toHaveProperty('page');
    expect(first.body).not.toHaveProperty('total');

    const added = 'https://status.example.com/d.json';
    await sut.factories.newStatusSource({ vendorId: vendor.id, url: added });
    const second = await get(
      `/api/status-sources?vendorId=${vendor.id}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body).toEqual({
      items: [expect.objectContaining({ url: urls[2] }), expect.objectContaining({ url: added })],
      nextCursor: null,
    });
  });

  it('refuses the old page number and a forged cursor on status sources, naming the parameter', async () => {
    const byNumber = await get('/api/status-sources?page=2');
    expect(byNumber.status).toBe(400);
    expect(byNumber.body.errors.map((error: any) => error.field)).toContain('page');
    const forged = await get('/api/status-sources?cursor=not-a-cursor');
    expect(forged.status).toBe(400);
    expect(forged.body.errors.map((error: any) => error.field)).toEqual(['cursor']);
  });

  it('pages users by cursor and says how many match', async () => {
    const team = await sut.factories.newTeam();
    const users: Array<{ id: string }> = [];
    for (let index = 0; index < 3; index++)
      users.push(await sut.factories.newUser({ teams: [team] }));

    const first = await get(`/api/users?teamId=${team.id}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(3);
    expect(first.body.items.map((user: any) => user.id)).toEqual(
      users.slice(0, 2).map((user) => user.id),
    );
    const second = await get(
      `/api/users?teamId=${team.id}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body).toMatchObject({ total: 3, nextCursor: null });
    expect(second.body.items.map((user: any) => user.id)).toEqual([users[2]!.id]);
  });

  it('pages teams by cursor in name order and says how many match', async () => {
    const prefix = `paged-${Date.now().toString(36)}`;
    for (const name of ['c', 'a', 'b']) await sut.factories.newTeam({ name: `${prefix}-${name}` });
    const first = await get(`/api/teams?q=${prefix}&limit=2`);
    expect(first.body.total).toBe(3);
    expect(first.body.items.map((team: any) => team.name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    const second = await get(`/api/teams?q=${prefix}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ total: 3, nextCursor: null });
    expect(second.body.items.map((team: any) => team.name)).toEqual([`${prefix}-c`]);
  });

  it('pages my API tokens by cursor, newest first, and says how many I have', async () => {
    const user = await sut.factories.newUser({ role: 'responder' });
    const newest = await sut.factories.newToken(user, ['read:incidents'], {
      createdAt: new Date('2025-06-01T00:00:00Z'),
    });
    const older = await sut.factories.newToken(user, ['read:incidents'], {
      createdAt: new Date('2025-01-01T00:00:00Z'),
    });
    const oldest = await sut.factories.newToken(user, ['read:incidents'], {
      createdAt: new Date('2024-01-01T00:00:00Z'),
    });
    const session = await signIn(sut.url, user.email!, TEST_PASSWORD);
    const first = await (await session.request('GET', '/api/tokens?limit=2')).json();
    expect(first.total).toBe(3);
    expect(first.items.map((token: any) => token.id)).toEqual([newest.token.id, older.token.id]);
    const second = await (
      await session.request('GET', `/api/tokens?limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second).toMatchObject({ total: 3, nextCursor: null });
    expect(second.items.map((token: any) => token.id)).toEqual([oldest.token.id]);
    const byOffset = await session.request('GET', '/api/tokens?offset=2');
    expect(byOffset.status).toBe(400);
    expect((await byOffset.json()).errors.map((error: any) => error.field)).toContain('offset');
  });

  it('refuses the old offset on users and teams, naming it', async () => {
    for (const path of ['/api/users?offset=50', '/api/teams?offset=50']) {
      const answer = await get(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(answer.body.errors.map((error: any) => error.field)).toContain('offset');
    }
  });
});
