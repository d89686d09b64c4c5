import * as ipaddr from 'ipaddr.js';

/**
 * The one address policy of outbound HTTP (status fetches, export pushes, notification
 * deliveries, OIDC): public unicast only. Loopback,
 * private, link-local (incl. 169.254.169.254), CGNAT (100.64/10), unique-local (fc00::/7),
 * multicast, reserved ranges and IPv6 forms embedding an IPv4 address (mapped, compatible,
 * translated, NAT64, 6to4, Teredo) are refused. `allowLoopback` lets 127/8 and
 * ::1 through (tests and local use only).
 */
export interface AddressPolicy {
  allowLoopback: boolean;
  /**
   * Private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) too. Only for destinations the operator
   * configured in the environment (the OIDC provider), never for URLs typed in the product.
   */
  allowPrivate?: boolean;
  /** The setting that sets allowLoopback (OUTBOUND_ALLOW_LOOPBACK), named in refusals. */
  loopbackSetting?: string;
  /**
   * Host names the operator listed in OUTBOUND_PRIVATE_HOSTS (an internal Redmine, a self-hosted
   * model server): for these, and only these, private ranges are allowed as for `allowPrivate`.
   * "redmine.corp.example" matches that name; ".corp.example" every name under it.
   */
  privateHosts?: string[];
}

/** OUTBOUND_PRIVATE_HOSTS as a list: comma-separated, lower-cased, empty entries dropped. */
export function parsePrivateHosts(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase().replace(/\.$/, ''))
    .filter(Boolean);
}

/** Whether `hostname` is one of the operator's private hosts (exact, or under a ".suffix"). */
export function isPrivateHost(hostname: string, policy: AddressPolicy): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return (policy.privateHosts ?? []).some((entry) =>
    entry.startsWith('.') ? host.endsWith(entry) && host.length > entry.length : host === entry,
  );
}

/** The policy for one host name: private ranges allowed when the operator listed it. */
export function policyForHost<P extends AddressPolicy>(hostname: string, policy: P): P {
  return !policy.allowPrivate && isPrivateHost(hostname, policy)
    ? { ...policy, allowPrivate: true }
    : policy;
}

/** The setting that lets outbound requests reach loopback; its older per-area names are aliases. */
export const OUTBOUND_LOOPBACK_SETTING = 'OUTBOUND_ALLOW_LOOPBACK';

/** The policy from the environment: loopback when OUTBOUND_ALLOW_LOOPBACK or an alias is on. */
export function outboundAddressPolicy(environment: {
  OUTBOUND_ALLOW_LOOPBACK?: boolean;
  STATUS_FETCH_ALLOW_LOOPBACK?: boolean;
  EXPORT_ALLOW_LOOPBACK?: boolean;
  NOTIFICATION_ALLOW_LOOPBACK?: boolean;
  OUTBOUND_PRIVATE_HOSTS?: string;
}): AddressPolicy {
  return {
    privateHosts: parsePrivateHosts(environment.OUTBOUND_PRIVATE_HOSTS),
    allowLoopback: Boolean(
      environment.OUTBOUND_ALLOW_LOOPBACK ||
      environment.STATUS_FETCH_ALLOW_LOOPBACK ||
      environment.EXPORT_ALLOW_LOOPBACK ||
      environment.NOTIFICATION_ALLOW_LOOPBACK,
    ),
    loopbackSetting: OUTBOUND_LOOPBACK_SETTING,
  };
}

/** The refusal of one address, naming the range and the development setting. */
export function refusalMessage(
  host: string,
  address: string,
  range: string,
  policy: AddressPolicy,
): string {
  return `${host} refused: it resolves to ${address} (${range}), an internal address${
    range === 'private' || range === 'uniqueLocal'
      ? '; an operator can allow this host in OUTBOUND_PRIVATE_HOSTS'
      : ''
  }${
    policy.loopbackSetting
      ? `; for development, ${policy.loopbackSetting}=true allows loopback (127.0.0.0/8, ::1)`
      : ''
  }`;
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
  if ((range === 'private' || range === 'uniqueLocal') && policy.allowPrivate) return null;
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
