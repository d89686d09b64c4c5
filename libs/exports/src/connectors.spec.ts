import { ExportTargetEntity } from './export-target.entity';
import {
  PermanentPushError,
  PushContext,
  pushConfluence,
  pushMediawiki,
  pushWebhook,
} from './connectors';

function context(config: Record<string, string>, allowLoopback = false): PushContext {
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
    addressPolicy: { allowLoopback },
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

  it('lets loopback through only when EXPORT_ALLOW_LOOPBACK is on, never private ranges', async () => {
    // Port 9 on loopback is closed: the call is made (and fails to connect), it is not refused.
    await expect(
      pushWebhook(context({ url: 'http://127.0.0.1:9/hook' }, true)),
    ).rejects.not.toThrow(/an internal address/);
    await expect(pushWebhook(context({ url: 'http://192.168.0.10/hook' }, true))).rejects.toThrow(
      /an internal address/,
    );
  });
});
