import { ConfigurationError, loadEnvironment } from './environment';
import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy', () => {
  it('is off unless set', () => {
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(loadEnvironment({}).TRUST_PROXY).toBe('false');
  });

  it('accepts a hop count', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy(' 2 ')).toBe(2);
  });

  it('accepts addresses, CIDR ranges and the named ranges, comma-separated', () => {
    expect(parseTrustProxy('loopback, 10.0.0.0/8,192.168.1.7, fd00::/8, ::1')).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      '::1',
    ]);
  });

  it.each([
    ['true', /must name the proxies/],
    ['11', /hop count must be between 0 and 10/],
    ['proxy.internal', /"proxy.internal" is not an IP address, a CIDR range/],
    ['10.0.0.0/33', /"10.0.0.0\/33" has a prefix length that is not a number from 1 to 32/],
    ['10.0.0.0/255.0.0.0', /prefix length/],
    ['0.0.0.0/0', /covers every address/],
    ['loopback, 10.0.0.0/8/1', /"10.0.0.0\/8\/1" is not an IP address/],
  ])('refuses %p', (value, message) => {
    expect(() => parseTrustProxy(value)).toThrow(message);
  });

  it('a bad value stops the boot with an error naming TRUST_PROXY', () => {
    let caught: unknown;
    try {
      loadEnvironment({ TRUST_PROXY: 'everyone' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as ConfigurationError).problems).toEqual([
      'TRUST_PROXY="everyone": TRUST_PROXY entry "everyone" is not an IP address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal',
    ]);
  });
});
