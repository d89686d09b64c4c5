import { createTestApp, TestApp } from '../../../test/test-context';

describe('the public preview redacts like the public exports (real Postgres)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  async function postmortemReviewedByGrace(): Promise<string> {
    await sut.factories.newUser({
      email: 'grace.hopper@example.com',
      displayName: 'Grace Hopper',
      role: 'responder',
    });
    const incident = await sut.factories.newIncident({
      status: 'resolved',
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    const draft = await sut.api('POST', `/incidents/${incident.id}/postmortem/draft`);
    expect(draft.status).toBe(201);
    const { body: postmortem } = await sut.api('GET', `/postmortems/${draft.body.postmortemId}`);
    const edit = await sut.api('PATCH', `/postmortems/${postmortem.id}`, {
      version: postmortem.version,
      requiredReviewers: ['grace.hopper@example.com'],
      sections: [
        {
          key: 'summary',
          markdown:
            'Reviewed by Grace Hopper. Questions: [Grace Hopper](mailto:grace.hopper@example.com) or grace.hopper@example.com.\n\n## Grace Hopper signs off',
        },
      ],
    });
    expect(edit.status).toBe(200);
    return postmortem.id;
  }

  it('shows no reviewer name, e-mail or mailto link to the public audience; internal keeps them', async () => {
    const id = await postmortemReviewedByGrace();
    const internal = await sut.api('GET', `/postmortems/${id}/rendered?audience=internal`);
    expect(internal.body.html).toContain('Grace Hopper');
    expect(internal.body.html).toContain('href="mailto:grace.hopper@example.com"');

    const preview = await sut.api('GET', `/postmortems/${id}/rendered?audience=public`);
    expect(preview.status).toBe(200);
    expect(preview.text).not.toMatch(/grace|hopper/i);
    expect(preview.body.html).toContain('Reviewed by [redacted].');
    expect(preview.body.html).not.toContain('mailto:');

    const exported = await sut.api('GET', `/postmortems/${id}/export?format=html&variant=public`);
    expect(exported.status).toBe(200);
    expect(exported.text).not.toMatch(/grace|hopper/i);
    expect(exported.text).toContain('Reviewed by [redacted].');
    // Opened from the download, the page loads no image from elsewhere (no tracking pixel).
    expect(exported.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    );
  });
});
