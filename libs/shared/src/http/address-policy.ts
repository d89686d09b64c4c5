import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import * as ipaddr from 'ipaddr.js';

/**
 * Which addresses an outbound status fetch may connect to: public unicast only. Loopback,
 * private, link-local (incl. 169.254.169.254), CGNAT (100.64/10), unique-local (fc00::/7),
 * multicast, reserved ranges and IPv6 forms embedding an IPv4 address (mapped, compatible,
 * translated, NAT64, 6to4, Teredo) are refused. `allowLoopback` lets 127/8 and
 * ::1 through (tests and local use only).
 */
export interface AddressPolicy {
  allowLoopback: boolean;
  /** The setting that sets allowLoopback (e.g. STATUS_FETCH_ALLOW_LOOPBACK), named in refusals. */
  loopbackSetting?: string;
}

/** Returns null when the address is allowed, otherwise the name of the range that refuses it. */
export function forbiddenRange(address: string, policy: AddressPolicy): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return 'unparseable address';
  }
  if (parsed.kind() === 'ipv6') {
    const embedded = embeddedIPv4Form(parsed as ipaddr.IPv6);
    if (embedded) return embedded;
  }
  const range = parsed.range();
  if (range === 'unicast') return null;
  if (range === 'loopback' && policy.allowLoopback) return null;
  return range;
}

/**
 * IPv6 forms that carry an IPv4 address a host or gateway may reach as IPv4: refused whatever the
 * IPv4 is, since a public one has a plain IPv4 form to use instead. ipaddr.js calls
 * IPv4-compatible (::a.b.c.d) and the NAT64 local-use prefix plain "unicast".
 */
function embeddedIPv4Form(address: ipaddr.IPv6): string | null {
  const parts = address.parts;
  if (address.isIPv4MappedAddress()) return 'ipv4-mapped ipv6';
  // ::a.b.c.d (deprecated IPv4-compatible); :: and ::1 keep their own ranges.
  if (parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || parts[7] > 1))
    return 'ipv4-compatible ipv6';
  const range = address.range();
  if (range === 'rfc6145') return 'ipv4-translated ipv6';
  if (range === 'rfc6052' || (parts[0] === 0x64 && parts[1] === 0xff9b && parts[2] === 1))
    return 'nat64 ipv6';
  if (range === '6to4') return '6to4 ipv6';
  if (range === 'teredo') return 'teredo ipv6';
  return null;
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
        `${hostname} refused: it resolves to ${address} (${range}), an internal address${
          policy.loopbackSetting
            ? `; for development, ${policy.loopbackSetting}=true allows loopback (127.0.0.0/8, ::1)`
            : ''
        }`,
      );
  }
  return addresses;
}
