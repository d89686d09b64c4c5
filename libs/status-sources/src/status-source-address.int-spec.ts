import { createTestApp, TestApp, TestFetch } from '../../../test/test-context';

const send = (method: string, body: unknown) => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('status sources refuse internal addresses at save (real Postgres)', () => {
  let sut: TestApp;
  let fetch: TestFetch;

  beforeAll(async () => {
    sut = await createTestApp(); // STATUS_FETCH_ALLOW_LOOPBACK defaults to false
    fetch = sut.fetchAs('admin@example.com', 'admin');
  });
  afterAll(() => sut.close());

  const sources = async () =>
    (await sut.dataSource.query(`SELECT url FROM status_source ORDER BY url`)).map(
      (row: { url: string }) => row.url,
    );

  it.each([
    ['http://127.0.0.1:8080/api/v2/summary.json', /127\.0\.0\.1 \(loopback\)/],
    ['http://[::1]/history.atom', /::1 \(loopback\)/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 \(linkLocal\)/],
    ['http://10.0.0.7/status.json', /10\.0\.0\.7 \(private\)/],
    ['http://[::127.0.0.1]/status.json', /ipv4-compatible ipv6/],
    ['http://[::169.254.169.254]/latest/meta-data/', /ipv4-compatible ipv6/],
  ])('refuses %s with a 400 on url naming OUTBOUND_ALLOW_LOOPBACK', async (url, reason) => {
    const vendor = await sut.factories.newVendor();
    const response = await fetch('/api/status-sources', send('POST', { vendorId: vendor.id, url }));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual([
      {
        field: 'url',
        messages: [expect.stringMatching(reason)],
      },
    ]);
    expect(body.errors[0].messages[0]).toMatch(/OUTBOUND_ALLOW_LOOPBACK=true allows loopback/);
    expect(await sources()).toEqual([]);
  });

  it('refuses an update that moves a source to an internal address, keeping the old URL', async () => {
    const source = await sut.factories.newStatusSource({
      url: 'https://93.184.215.14/status.json',
    });
    const response = await fetch(
      `/api/status-sources/${source.id}`,
      send('PATCH', { version: source.version, url: 'http://[::169.254.169.254]/' }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].field).toBe('url');
    expect(await sources()).toEqual(['https://93.184.215.14/status.json']);
  });
});
