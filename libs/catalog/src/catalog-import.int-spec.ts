import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createTestApp, TestApp } from '../../../test/test-context';

const EXAMPLES = path.join(__dirname, '../../../docs/examples');
const example = (name: string) => readFileSync(path.join(EXAMPLES, name), 'utf8');

// POST /api/catalog/import against the real database: validate everything, then upsert by name.
describe('catalog import (POST /api/catalog/import)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  const catalogRows = async () => ({
    services: await sut.dataSource.query(
      `SELECT slug, name, owner_team, tier, version FROM service ORDER BY slug`,
    ),
    vendors: await sut.dataSource.query(`SELECT slug, name, version FROM vendor ORDER BY slug`),
    components: await sut.dataSource.query(
      `SELECT name, description, version FROM vendor_component ORDER BY name`,
    ),
    dependencies: await sut.dataSource.query(
      `SELECT s.slug, c.name AS component, t.slug AS target, d.kind, d.criticality, d.has_fallback, d.version
         FROM dependency d JOIN service s ON s.id = d.service_id
         LEFT JOIN vendor_component c ON c.id = d.vendor_component_id
         LEFT JOIN service t ON t.id = d.depends_on_service_id
        ORDER BY 1, 2, 3`,
    ),
  });

  it('previews, imports the YAML example, and the CSV example of the same catalog then changes nothing', async () => {
    const preview = await sut.api('POST', '/catalog/import', {
      format: 'yaml',
      content: example('catalog.yaml'),
      dryRun: true,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.dryRun).toBe(true);
    expect(preview.body.counts).toEqual({
      service: { create: 3, update: 0, unchanged: 0 },
      vendor: { create: 1, update: 0, unchanged: 0 },
      component: { create: 3, update: 0, unchanged: 0 },
      dependency: { create: 4, update: 0, unchanged: 0 },
    });
    expect(preview.body.changes).toContainEqual({
      kind: 'dependency',
      name: 'Chat web → Cloudflare / CDN/Cache',
      action: 'create',
      fields: [],
    });
    expect((await catalogRows()).services).toEqual([]);

    const imported = await sut.api('POST', '/catalog/import', {
      format: 'yaml',
      content: example('catalog.yaml'),
    });
    expect(imported.status).toBe(200);
    const after = await catalogRows();
    expect(after.services.map((row: { slug: string }) => row.slug)).toEqual([
      'chat-web',
      'ios-app',
      'public-api',
    ]);
    expect(after.dependencies).toContainEqual({
      slug: 'public-api',
      component: 'DNS',
      target: null,
      kind: 'dns',
      criticality: 'high',
      has_fallback: true,
      version: 1,
    });

    const again = await sut.api('POST', '/catalog/import', {
      format: 'csv',
      content: example('catalog.csv'),
    });
    expect(again.status).toBe(200);
    expect(again.body.counts).toEqual({
      service: { create: 0, update: 0, unchanged: 3 },
      vendor: { create: 0, update: 0, unchanged: 1 },
      component: { create: 0, update: 0, unchanged: 3 },
      dependency: { create: 0, update: 0, unchanged: 4 },
    });
    expect(await catalogRows()).toEqual(after);

    // A changed field is an update of that row only.
    const changed = await sut.api('POST', '/catalog/import', {
      format: 'yaml',
      content: 'services:\n  - name: iOS app\n    tier: 2\n',
    });
    expect(changed.body.changes).toEqual([
      { kind: 'service', name: 'iOS app', action: 'update', fields: ['tier'] },
    ]);
    expect((await catalogRows()).services).toContainEqual({
      slug: 'ios-app',
      name: 'iOS app',
      owner_team: 'mobile',
      tier: 2,
      version: 2,
    });
  });

  it('refuses a file with problems with every bad entry and field listed, and stores nothing', async () => {
    const before = await catalogRows();
    const csv = [
      'type,name,ownerTeam,tier,vendor,component,service,dependsOnService,kind,hasFallback',
      'service,Search,search,7,,,,,,',
      'service,Billing,billing,2,,,,,,',
      'dependency,,,,Akamai,CDN,Billing,,cdn,',
      'dependency,,,,,,Billing,Billing,api,maybe',
      'planet,Mars,,,,,,,,',
    ].join('\n');
    const refused = await sut.api('POST', '/catalog/import', { format: 'csv', content: csv });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'line 2.tier', messages: ['tier must not be greater than 4'] },
      { field: 'line 5.hasFallback', messages: ['hasFallback must be a boolean value'] },
      {
        field: 'line 6.type',
        messages: ['type must be one of: service, vendor, component, dependency'],
      },
    ]);
    // Fields right, references wrong: found in a second pass, still nothing stored.
    const yaml = [
      'services:',
      '  - name: Billing',
      'dependencies:',
      '  - { service: Billing, vendor: Akamai, component: CDN, kind: cdn }',
      '  - { service: Billing, dependsOnService: Billing, kind: api }',
      '  - { service: Public API, dependsOnService: Chat web, kind: api }',
    ].join('\n');
    const references = await sut.api('POST', '/catalog/import', { format: 'yaml', content: yaml });
    expect(references.status).toBe(400);
    expect(references.body.message).toBe('The catalog file has 3 problems; nothing was imported');
    expect(references.body.errors).toEqual([
      {
        field: 'dependencies[0].vendor',
        messages: ['no vendor "Akamai" in the file or the catalog'],
      },
      {
        field: 'dependencies[1].dependsOnService',
        messages: ['a service cannot depend on itself'],
      },
      {
        field: 'dependencies[2].dependsOnService',
        messages: ['this dependency would create a cycle: public-api → chat-web → public-api'],
      },
    ]);
    const broken = await sut.api('POST', '/catalog/import', {
      format: 'yaml',
      content: 'services: [name: x\n',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].field).toBe('content');
    expect(await catalogRows()).toEqual(before);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const huge = `services:\n${'  - name: x\n'.repeat(50_000)}`;
    const refused = await sut.api('POST', '/catalog/import', { format: 'yaml', content: huge });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'content', messages: ['content is larger than 512 KiB; split the file'] },
    ]);
  });
});
