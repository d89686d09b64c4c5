import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
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

/** A URL typed by a person points at an address the policy refuses (or at no http(s) host). */
export class ForbiddenDestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenDestinationError';
  }
}

/**
 * For outbound calls to URLs typed by people (webhooks, wiki APIs): refuses non-http(s) URLs and
 * hosts that resolve to an address the policy forbids. Callers also refuse redirects, so no hop
 * can lead elsewhere. (Status-page polling checks at connect time instead: SafeHttpClient.)
 * Returns the addresses checked, so a caller can connect to exactly those.
 */
export async function assertPublicDestination(
  url: string,
  policy: AddressPolicy,
): Promise<string[]> {
  const { hostname, protocol } = new URL(url);
  if (protocol !== 'https:' && protocol !== 'http:')
    throw new ForbiddenDestinationError(`${url}: only http and https URLs are allowed`);
  return assertPublicHost(hostname, policy);
}

/**
 * The same check for a bare host name or IP literal (e.g. an SSH host): refused when any address it
 * resolves to is forbidden; an unresolvable host is a plain Error (may be transient).
 */
export async function assertPublicHost(hostname: string, policy: AddressPolicy): Promise<string[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (found) => found.map((entry) => entry.address),
        (error: Error) => {
          throw new Error(`${hostname}: cannot resolve the host (${error.message})`);
        },
      );
  for (const address of addresses) {
    const range = forbiddenRange(address, policy);
    if (range)
      throw new ForbiddenDestinationError(
        `${hostname} refused: it resolves to ${address} (${range}), an internal address`,
      );
  }
  return addresses;
}
