import { createServer } from 'node:http';
import { OutboundHttpClient } from '@rca/shared';
import { PermanentDeliveryError, sendToChannel } from './channel-senders';
import { ChannelKind } from './notification-channel.entity';

const message = { id: 'm1', topic: 'test', subject: 'Test', text: 'hello', data: {} };
const strict = new OutboundHttpClient({ allowLoopback: false });
const development = new OutboundHttpClient({ allowLoopback: true });
afterAll(() => [strict, development].forEach((client) => client.close()));
const options = { timeoutMs: 2_000, smtpFrom: 'rca@localhost', http: strict };

function webhook(url: string) {
  return { kind: ChannelKind.Webhook, url, secret: 'shh', emailTo: [] };
}

describe('webhook deliveries never reach internal addresses', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://10.0.0.5/hook', 'private'],
    ['http://100.64.1.1/hook', 'CGNAT'],
    ['http://[fd00::1]/hook', 'unique-local'],
    ['http://[::ffff:127.0.0.1]/hook', 'IPv4-mapped'],
    ['http://127.0.0.1:9/hook', 'loopback'],
    ['http://localhost:9/hook', 'loopback by name'],
  ])('refuses %s (%s) for good, without connecting', async (url) => {
    const attempt = sendToChannel(webhook(url), message, options);
    await expect(attempt).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(sendToChannel(webhook(url), message, options)).rejects.toThrow(
      /an internal address/,
    );
  });

  it('lets loopback through only when allowed, and still refuses private ranges', async () => {
    let received = '';
    const server = createServer((request, response) => {
      request.on('data', (chunk: Buffer) => (received += chunk.toString()));
      request.on('end', () => response.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      await sendToChannel(webhook(`http://127.0.0.1:${port}/hook`), message, {
        ...options,
        http: development,
      });
      expect(JSON.parse(received)).toMatchObject({ id: 'm1', text: 'hello' });
      await expect(
        sendToChannel(webhook('http://192.168.1.10/hook'), message, {
          ...options,
          http: development,
        }),
      ).rejects.toThrow(/an internal address/);
    } finally {
      server.close();
    }
  });
});
