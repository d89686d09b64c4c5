import { OutboundHttpClient } from '@rca/shared';
import { ExportTargetEntity } from './export-target.entity';
import {
  PermanentPushError,
  PushContext,
  pushConfluence,
  pushGit,
  pushMediawiki,
  pushWebhook,
} from './connectors';

const clients: OutboundHttpClient[] = [];
afterAll(() => clients.forEach((client) => client.close()));

function context(config: Record<string, string>, allowLoopback = false): PushContext {
  const http = new OutboundHttpClient({ allowLoopback });
  clients.push(http);
  return {
    target: { id: 't1', kind: 'webhook', config } as unknown as ExportTargetEntity,
    credentials: {
      username: 'bot@rca',
      password: 'a'.repeat(32),
      secret: 's',
      email: 'e@example.com',
      apiToken: 't',
    },
    previous: null,
    postmortem: { id: 'p1', title: 'Chat web down', reference: 'INC-2025-0001' },
    render: () => ({ body: '{}', checksum: 'abc', contentType: 'application/json' }) as never,
    idempotencyKey: 'p1:1:t1',
    timeoutMs: 2_000,
    http,
  };
}

describe('export connectors never call internal addresses', () => {
  it.each([
    ['webhook', pushWebhook, { url: 'http://169.254.169.254/latest/meta-data/' }],
    ['webhook', pushWebhook, { url: 'http://127.0.0.1:9/hook' }],
    ['mediawiki', pushMediawiki, { apiUrl: 'http://10.1.2.3/w/api.php' }],
    [
      'confluence',
      pushConfluence,
      { baseUrl: 'http://[fd00::5]/wiki', spaceId: '1', api: 'cloud' },
    ],
  ])('a %s target fails for good with the reason (%#)', async (_kind, connector, config) => {
    const attempt = connector(context(config as Record<string, string>));
    await expect(attempt).rejects.toBeInstanceOf(PermanentPushError);
    await expect(connector(context(config as Record<string, string>))).rejects.toThrow(
      /an internal address/,
    );
  });

  it('lets loopback through only when OUTBOUND_ALLOW_LOOPBACK is on, never private ranges', async () => {
    // Port 9 on loopback is closed: the call is made (and fails to connect), it is not refused.
    await expect(
      pushWebhook(context({ url: 'http://127.0.0.1:9/hook' }, true)),
    ).rejects.not.toThrow(/an internal address/);
    await expect(pushWebhook(context({ url: 'http://192.168.0.10/hook' }, true))).rejects.toThrow(
      /an internal address/,
    );
  });
});

describe('git remotes follow the same address policy', () => {
  const gitContext = (url: string, allowLoopback = false): PushContext => ({
    ...context({ url }, allowLoopback),
    target: { id: 't1', kind: 'git', config: { url } } as unknown as ExportTargetEntity,
    credentials: {},
  });

  it.each([
    ['https://10.0.0.5/team/wiki.git', /10\.0\.0\.5 \(private\), an internal address/],
    ['https://127.0.0.1/team/wiki.git', /\(loopback\), an internal address/],
    ['ssh://git@169.254.169.254/team/wiki.git', /\(linkLocal\), an internal address/],
    ['ssh://git@[fd00::7]:2222/team/wiki.git', /\(uniqueLocal\), an internal address/],
    ['git@192.168.1.10:team/wiki.git', /\(private\), an internal address/],
    ['file:///srv/wiki.git', /needs OUTBOUND_ALLOW_LOOPBACK=true/],
    ['/srv/wiki.git', /needs OUTBOUND_ALLOW_LOOPBACK=true/],
  ])('%s fails for good before git runs', async (url, reason) => {
    const attempt = pushGit(gitContext(url));
    await expect(attempt).rejects.toBeInstanceOf(PermanentPushError);
    await expect(attempt).rejects.toThrow(reason);
  });

  it('lets a local repository through with OUTBOUND_ALLOW_LOOPBACK, never a private host', async () => {
    // The check passes, so git runs and fails on the missing repository instead.
    await expect(pushGit(gitContext('/nonexistent/rca-wiki.git', true))).rejects.toThrow(
      /git fetch failed: .*does not appear to be a git repository/,
    );
    await expect(pushGit(gitContext('ssh://git@10.9.8.7/wiki.git', true))).rejects.toThrow(
      /an internal address/,
    );
  });
});
