import { NormalisedIncident, parseStatusPayload } from './parsers';
import { announcedWriteUp, detectVendorReport, linksIn } from './vendor-report-detection';

const seenAt = new Date('2025-11-20T00:00:00Z');

function incident(overrides: Partial<NormalisedIncident> = {}): NormalisedIncident {
  const unknown = { unknown: false };
  return {
    externalId: 'lpl9k4p2x8fq',
    kind: 'incident',
    title: 'Cloudflare Global Network experiencing issues',
    status: { value: 'resolved', raw: 'resolved', ...unknown },
    impact: { value: 'critical', raw: 'critical', ...unknown },
    startedAt: '2025-11-18T11:48:00.000Z',
    resolvedAt: '2025-11-18T17:44:00.000Z',
    updatedAt: '2025-11-18T17:44:00.000Z',
    shortlink: 'https://stspg.io/lpl9k4p2x8fq',
    updates: [
      {
        externalId: 'u1',
        at: '2025-11-18T11:48:00.000Z',
        status: { value: 'investigating', raw: 'investigating', ...unknown },
        body: 'Cloudflare is aware of, and investigating an issue which potentially impacts multiple customers. Further detail will be provided as more information becomes available.',
        components: [],
      },
      {
        externalId: 'u2',
        at: '2025-11-18T17:44:00.000Z',
        status: { value: 'resolved', raw: 'resolved', ...unknown },
        body: 'This incident has been resolved.',
        components: [],
      },
    ],
    components: [],
    ...overrides,
  };
}

describe('announcedWriteUp: an update announcing a write-up, by its text and link', () => {
  it.each([
    [
      'Cloudflare, 2025-11-18',
      'We have published a detailed post-mortem of this incident on our blog: https://blog.cloudflare.com/18-november-2025-outage/.',
      'https://blog.cloudflare.com/18-november-2025-outage/',
    ],
    [
      'Cloudflare, 2019-07-02, a markdown link',
      "Cloudflare's blog post detailing the incident can be found here: [https://blog.cloudflare.com/cloudflare-outage/](https://blog.cloudflare.com/cloudflare-outage/)",
      'https://blog.cloudflare.com/cloudflare-outage/',
    ],
    [
      'a Cloudflare blog link with no announcing words',
      'Details: https://blog.cloudflare.com/details-of-the-cloudflare-outage-on-july-2-2019/',
      'https://blog.cloudflare.com/details-of-the-cloudflare-outage-on-july-2-2019/',
    ],
    [
      'AWS post-event summary',
      'We have published a post-event summary of this event at https://aws.amazon.com/message/12721/',
      'https://aws.amazon.com/message/12721/',
    ],
    [
      'GitHub availability report',
      'A detailed write-up is in our monthly availability report: https://github.blog/2023-06-14-github-availability-report-may-2023/',
      'https://github.blog/2023-06-14-github-availability-report-may-2023/',
    ],
    [
      'an incident-report path',
      'Summary of the disruption: https://example.com/incident-reports/2025-11-18-edge',
      'https://example.com/incident-reports/2025-11-18-edge',
    ],
    [
      'an RCA published on the incident page itself',
      'The RCA for this incident is now available at https://status.openai.com/incidents/01JMYB4F4Q6W9',
      'https://status.openai.com/incidents/01JMYB4F4Q6W9',
    ],
  ])('%s', (_name, text, url) => {
    expect(announcedWriteUp(text)).toBe(url);
  });

  it.each([
    ['a promise without a link (OpenAI)', 'We will publish a full RCA within five business days.'],
    [
      'a promise pointing at the status page for updates',
      'A root cause analysis will follow. Follow https://www.cloudflarestatus.com for updates.',
    ],
    [
      'an ordinary update with a dashboard link',
      'Customers may see errors logging in to https://dash.cloudflare.com/login. We are working on a fix.',
    ],
    [
      'an update naming a root cause without a write-up',
      'The root cause has been identified and a fix is being implemented.',
    ],
    ['a front page only', 'Our post-mortem will be posted on https://blog.example.com/'],
    ['a javascript: link', 'Read the post-mortem: javascript:alert(1)'],
    ['RCA inside another word', 'ORCA service restored, see https://orca.example.com/status'],
  ])('none for %s', (_name, text) => {
    expect(announcedWriteUp(text)).toBeNull();
  });

  it('drops trailing punctuation from links', () => {
    expect(linksIn('See https://blog.cloudflare.com/a-b/, and https://x.example/y.')).toEqual([
      'https://blog.cloudflare.com/a-b/',
      'https://x.example/y',
    ]);
  });
});

describe('detectVendorReport', () => {
  it('finds nothing in an incident without a write-up', () => {
    expect(detectVendorReport(incident(), seenAt)).toBeNull();
  });

  it('takes a Statuspage postmortem, its text sanitised, its link from the text', () => {
    const report = detectVendorReport(
      incident({
        status: { value: 'postmortem', raw: 'postmortem', unknown: false },
        postmortem: {
          body: '<p>On 18 November 2025 at 11:20 UTC our network began failing.</p><script>alert(1)</script><p>Full details: <a href="https://blog.cloudflare.com/18-november-2025-outage/" onclick="x()">blog</a> https://blog.cloudflare.com/18-november-2025-outage/</p>',
          publishedAt: '2025-11-19T02:10:00.000Z',
        },
      }),
      seenAt,
    );
    expect(report).toEqual({
      source: 'statuspage_postmortem',
      url: 'https://blog.cloudflare.com/18-november-2025-outage/',
      publishedAt: new Date('2025-11-19T02:10:00.000Z'),
      text: 'On 18 November 2025 at 11:20 UTC our network began failing.\nFull details: blog https://blog.cloudflare.com/18-november-2025-outage/',
      updateExternalId: null,
    });
  });

  it('links a postmortem without a link in its text to the incident page', () => {
    const report = detectVendorReport(
      incident({ postmortem: { body: 'What happened: a bad file.', publishedAt: null } }),
      seenAt,
    );
    expect(report).toMatchObject({
      source: 'statuspage_postmortem',
      url: 'https://stspg.io/lpl9k4p2x8fq',
      publishedAt: new Date('2025-11-18T17:44:00.000Z'),
      text: 'What happened: a bad file.',
    });
  });

  it('takes the newest update announcing a write-up, at its time', () => {
    const base = incident();
    const report = detectVendorReport(
      incident({
        updates: [
          ...base.updates,
          {
            externalId: 'u3',
            at: '2025-11-19T01:00:00.000Z',
            status: { value: 'resolved', raw: 'resolved', unknown: false },
            body: 'A post-mortem is available here: https://blog.cloudflare.com/18-november-2025-outage/',
            components: [],
          },
        ],
      }),
      seenAt,
    );
    expect(report).toEqual({
      source: 'update',
      url: 'https://blog.cloudflare.com/18-november-2025-outage/',
      publishedAt: new Date('2025-11-19T01:00:00.000Z'),
      text: 'A post-mortem is available here: https://blog.cloudflare.com/18-november-2025-outage/',
      updateExternalId: 'u3',
    });
  });

  it('takes the postmortem status alone as a report on the incident page', () => {
    expect(
      detectVendorReport(
        incident({ status: { value: 'postmortem', raw: 'postmortem', unknown: false } }),
        seenAt,
      ),
    ).toMatchObject({
      source: 'statuspage_status',
      url: 'https://stspg.io/lpl9k4p2x8fq',
      text: '',
    });
  });

  it('limits the kept text', () => {
    const report = detectVendorReport(
      incident({ postmortem: { body: 'x'.repeat(50_000), publishedAt: null } }),
      seenAt,
    );
    expect(report!.text.length).toBe(20_000);
    expect(report!.text.endsWith('…')).toBe(true);
  });

  it('reads postmortem_body and postmortem_published_at from a Statuspage payload', () => {
    const feed = parseStatusPayload(
      JSON.stringify({
        page: { id: 'yh6f0r4529hb', name: 'Cloudflare', url: 'https://www.cloudflarestatus.com' },
        incidents: [
          {
            id: 'lpl9k4p2x8fq',
            name: 'Cloudflare Global Network experiencing issues',
            status: 'postmortem',
            impact: 'critical',
            created_at: '2025-11-18T11:48:00.000Z',
            updated_at: '2025-11-19T02:10:00.000Z',
            resolved_at: '2025-11-18T17:44:00.000Z',
            shortlink: 'https://stspg.io/lpl9k4p2x8fq',
            postmortem_body: 'A bad feature file.',
            postmortem_published_at: '2025-11-19T02:10:00.000Z',
            incident_updates: [],
            components: [],
          },
        ],
      }),
    );
    expect(feed.incidents[0].postmortem).toEqual({
      body: 'A bad feature file.',
      publishedAt: '2025-11-19T02:10:00.000Z',
    });
  });
});
