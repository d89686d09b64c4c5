import { createHmac } from 'node:crypto';
import { issueIdsOf, verifyWebhook } from './tracker-webhooks';

const secret = 'a3f1c9d2e8b74f60a1b2c3d4e5f60718';
const body = Buffer.from(JSON.stringify({ action: 'closed', issue: { number: 42, id: 9001 } }));
const hex = (text: Buffer, key = secret) => createHmac('sha256', key).update(text).digest('hex');

describe('tracker webhook signatures', () => {
  it('accepts GitHub, Jira and Linear signatures made with the secret', () => {
    expect(
      verifyWebhook('github', secret, { 'x-hub-signature-256': `sha256=${hex(body)}` }, body),
    ).toBe(true);
    expect(verifyWebhook('jira', secret, { 'x-hub-signature': `sha256=${hex(body)}` }, body)).toBe(
      true,
    );
    expect(verifyWebhook('linear', secret, { 'linear-signature': hex(body) }, body)).toBe(true);
  });

  it.each([
    ['a wrong secret', { 'x-hub-signature-256': `sha256=${hex(body, 'not-the-secret')}` }, body],
    ['a tampered body', { 'x-hub-signature-256': `sha256=${hex(body)}` }, Buffer.from(`${body} `)],
    ['no signature', {}, body],
    ['the signature in the wrong form', { 'x-hub-signature-256': hex(body) }, body],
    ['a truncated signature', { 'x-hub-signature-256': `sha256=${hex(body).slice(0, 40)}` }, body],
  ])('refuses %s', (_name, headers, sent) => {
    expect(verifyWebhook('github', secret, headers, sent)).toBe(false);
  });

  it('refuses every webhook for a tracker that has none (Redmine)', () => {
    expect(
      verifyWebhook('redmine', secret, { 'x-hub-signature-256': `sha256=${hex(body)}` }, body),
    ).toBe(false);
  });

  it('finds the issue ids a payload names, and nothing in junk', () => {
    expect(issueIdsOf({ issue: { number: 42, id: 9001 } })).toEqual(['42', '9001']);
    expect(issueIdsOf({ issue: { id: '10042', key: 'OPS-12' } })).toEqual(['10042', 'OPS-12']);
    expect(issueIdsOf({ data: { id: 'c0ffee', identifier: 'ENG-7' } })).toEqual([
      'c0ffee',
      'ENG-7',
    ]);
    expect(issueIdsOf(null)).toEqual([]);
    expect(issueIdsOf('x')).toEqual([]);
    expect(issueIdsOf({ issue: { id: { nested: true } } })).toEqual([]);
  });
});
