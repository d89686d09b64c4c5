import {
  forbiddenRange,
  isPrivateHost,
  outboundAddressPolicy,
  policyForHost,
  refusalMessage,
} from './address-policy';

const strict = { allowLoopback: false };
const development = { allowLoopback: true };

/** The host the URL parser hands to the policy (WHATWG serialises ::a.b.c.d as ::xxxx:xxxx). */
const hostOf = (url: string) => new URL(url).hostname;

describe('address policy', () => {
  it.each([
    ['http://[::127.0.0.1]/', 'ipv4-compatible ipv6'],
    ['http://[::169.254.169.254]/latest/meta-data', 'ipv4-compatible ipv6'],
    ['http://[::10.0.0.1]/', 'ipv4-compatible ipv6'],
    ['http://[::8.8.8.8]/', 'ipv4-compatible ipv6'],
    ['http://[::ffff:127.0.0.1]/', 'ipv4-mapped ipv6'],
    ['http://[::ffff:169.254.169.254]/', 'ipv4-mapped ipv6'],
    ['http://[::ffff:0:127.0.0.1]/', 'ipv4-translated ipv6'],
    ['http://[64:ff9b::7f00:1]/', 'nat64 ipv6'],
    ['http://[64:ff9b:1::a9fe:a9fe]/', 'nat64 ipv6'],
    ['http://[2002:7f00:1::]/', '6to4 ipv6'],
    ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'teredo ipv6'],
  ])('refuses %s as %s, even where loopback is allowed', (url, range) => {
    expect(forbiddenRange(hostOf(url), strict)).toBe(range);
    expect(forbiddenRange(hostOf(url), development)).toBe(range);
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['[::1]', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['[fd00::1]', 'uniqueLocal'],
    ['[::]', 'unspecified'],
    ['0.0.0.0', 'unspecified'],
  ])('refuses %s (%s)', (address, range) => {
    expect(forbiddenRange(address, strict)).toBe(range);
  });

  it('lets public addresses through, and loopback only when allowed', () => {
    expect(forbiddenRange('104.16.132.229', strict)).toBeNull();
    expect(forbiddenRange('[2606:4700::6810:84e5]', strict)).toBeNull();
    expect(forbiddenRange('127.0.0.1', development)).toBeNull();
    expect(forbiddenRange('[::1]', development)).toBeNull();
  });

  it('names the setting that allows loopback in the refusal', () => {
    expect(refusalMessage('127.0.0.1', '127.0.0.1', 'loopback', outboundAddressPolicy({}))).toBe(
      '127.0.0.1 refused: it resolves to 127.0.0.1 (loopback), an internal address; for development, OUTBOUND_ALLOW_LOOPBACK=true allows loopback (127.0.0.0/8, ::1)',
    );
  });

  it.each([
    'OUTBOUND_ALLOW_LOOPBACK',
    'STATUS_FETCH_ALLOW_LOOPBACK',
    'EXPORT_ALLOW_LOOPBACK',
    'NOTIFICATION_ALLOW_LOOPBACK',
  ])('%s allows loopback for every outbound request (one policy)', (setting) => {
    expect(outboundAddressPolicy({ [setting]: true }).allowLoopback).toBe(true);
    expect(outboundAddressPolicy({}).allowLoopback).toBe(false);
  });

  it('lets private ranges through only for operator-configured destinations', () => {
    expect(forbiddenRange('10.1.2.3', strict)).toBe('private');
    expect(forbiddenRange('10.1.2.3', { ...strict, allowPrivate: true })).toBeNull();
    expect(forbiddenRange('169.254.169.254', { allowLoopback: true, allowPrivate: true })).toBe(
      'linkLocal',
    );
  });
});

describe('OUTBOUND_PRIVATE_HOSTS: internal hosts the operator allows on private addresses', () => {
  const policy = outboundAddressPolicy({
    OUTBOUND_PRIVATE_HOSTS: ' Redmine.Corp.Example , .models.internal,, ',
  });

  it('parses the list (trimmed, lower-cased, empty entries dropped)', () => {
    expect(policy.privateHosts).toEqual(['redmine.corp.example', '.models.internal']);
  });

  it('lets only the listed names reach private ranges, never loopback or link-local', () => {
    const redmine = policyForHost('redmine.corp.example', policy);
    expect(forbiddenRange('10.1.2.3', redmine)).toBeNull();
    expect(forbiddenRange('fd00::5', redmine)).toBeNull();
    expect(forbiddenRange('127.0.0.1', redmine)).toBe('loopback');
    expect(forbiddenRange('169.254.169.254', redmine)).toBe('linkLocal');
    // A name under the suffix matches; the bare suffix and look-alikes do not.
    expect(isPrivateHost('vllm.models.internal', policy)).toBe(true);
    expect(isPrivateHost('models.internal', policy)).toBe(false);
    expect(isPrivateHost('redmine.corp.example.evil.test', policy)).toBe(false);
    expect(isPrivateHost('evilmodels.internal', policy)).toBe(false);
    expect(forbiddenRange('10.1.2.3', policyForHost('wiki.corp.example', policy))).toBe('private');
  });

  it('names the setting when it refuses a private address', () => {
    expect(refusalMessage('jira.corp.example', '10.0.0.7', 'private', policy)).toContain(
      'OUTBOUND_PRIVATE_HOSTS',
    );
  });
});
