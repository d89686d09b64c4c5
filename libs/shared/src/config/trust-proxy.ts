import { isIP } from 'node:net';

/** What Express's `trust proxy` receives: off, a hop count, or the proxies' addresses/ranges. */
export type TrustProxy = false | number | string[];

/** Names proxy-addr understands for well-known ranges. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
const MAX_HOPS = 10;

/**
 * Parses TRUST_PROXY into a safe subset of Express's `trust proxy` values. `true` (trust every
 * hop) and whole-internet ranges are refused: any client could then choose its own address
 * with X-Forwarded-For. Throws an Error saying what is wrong.
 */
export function parseTrustProxy(raw: string): TrustProxy {
  const value = raw.trim().toLowerCase();
  if (['', 'false', 'off', 'no', '0'].includes(value)) return false;
  if (['true', 'on', 'yes', 'all'].includes(value))
    throw new Error(
      'TRUST_PROXY must name the proxies (e.g. "loopback" or "10.0.0.0/8") or count them (e.g. "1"); trusting every hop would let any client set its own address with X-Forwarded-For',
    );
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_HOPS)
      throw new Error(`TRUST_PROXY as a hop count must be between 0 and ${MAX_HOPS}`);
    return hops;
  }
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const problem = entryProblem(entry);
    if (problem) throw new Error(`TRUST_PROXY entry "${entry}" ${problem}`);
  }
  return entries;
}

function entryProblem(entry: string): string | null {
  if (NAMED_RANGES.includes(entry)) return null;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0)
    return `is not an IP address, a CIDR range (10.0.0.0/8) or one of ${NAMED_RANGES.join(', ')}`;
  if (prefix === undefined) return null;
  const bits = family === 4 ? 32 : 128;
  if (!/^\d+$/.test(prefix) || Number(prefix) > bits)
    return `has a prefix length that is not a number from 1 to ${bits}`;
  if (Number(prefix) === 0) return 'covers every address; name the proxies\u2019 own range instead';
  return null;
}
