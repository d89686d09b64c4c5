import * as ipaddr from 'ipaddr.js';

/**
 * Which addresses an outbound status fetch may connect to: public unicast only. Loopback,
 * private, link-local (incl. 169.254.169.254), CGNAT (100.64/10), unique-local (fc00::/7),
 * multicast, reserved ranges and IPv4-mapped IPv6 are refused. `allowLoopback` lets 127/8 and
 * ::1 through (tests and local use only).
 */
export interface AddressPolicy {
  allowLoopback: boolean;
}

/** Returns null when the address is allowed, otherwise the name of the range that refuses it. */
export function forbiddenRange(address: string, policy: AddressPolicy): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return 'unparseable address';
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    return 'ipv4-mapped ipv6';
  const range = parsed.range();
  if (range === 'unicast') return null;
  if (range === 'loopback' && policy.allowLoopback) return null;
  return range;
}
