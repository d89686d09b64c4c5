import { slackSignature, verifySlackSignature } from './slack-signature';

describe('Slack v0 request signature', () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const body = Buffer.from('token=x&team_id=T1&command=%2Frca&text=status');
  const now = 1_763_464_800_000;
  const timestamp = String(now / 1000);

  it('accepts the signature Slack computes (the example of Slack’s documentation)', () => {
    // From api.slack.com "Verifying requests from Slack", step by step.
    const documented = Buffer.from(
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    );
    expect(slackSignature(secret, '1531420618', documented)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('accepts a fresh request signed with the secret', () => {
    const signature = slackSignature(secret, timestamp, body);
    expect(verifySlackSignature({ timestamp, signature, rawBody: body }, secret, now)).toBeNull();
  });

  it.each([
    ['wrong secret', { signature: slackSignature('other', timestamp, body) }, 'signature-mismatch'],
    [
      'stale timestamp (6 minutes old)',
      {
        timestamp: String(now / 1000 - 360),
        signature: slackSignature(secret, String(now / 1000 - 360), body),
      },
      'stale-timestamp',
    ],
    [
      'tampered body',
      { rawBody: Buffer.from('token=x&team_id=T1&command=%2Frca&text=declare') },
      'signature-mismatch',
    ],
    ['missing signature', { signature: undefined }, 'missing-headers'],
    ['missing timestamp', { timestamp: undefined }, 'missing-headers'],
    ['not hex', { signature: 'v0=zz' }, 'malformed-signature'],
    ['timestamp not a number', { timestamp: '12e4' }, 'malformed-timestamp'],
  ])('refuses %s', (_name, change, problem) => {
    const request = {
      timestamp,
      signature: slackSignature(secret, timestamp, body),
      rawBody: body,
      ...change,
    };
    expect(verifySlackSignature(request, secret, now)).toBe(problem);
  });
});
