import type * as dns from 'node:dns';
import { AddressInfo, createServer, Server, Socket } from 'node:net';

/**
 * A listener that counts every TCP connection made to it and answers none: the SSRF canary. Any
 * connection is a request that reached an internal address. By default on 127.0.0.1; on `::`
 * (every local address, IPv4 too: 127/8, 0.0.0.0, ::1, this host's own addresses) when asked.
 */
export class LoopbackCanary {
  connections = 0;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(host = '127.0.0.1'): Promise<this> {
    this.server = createServer((socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen({ port: 0, host, ipv6Only: false }, resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** `http://<host>:<canary port><path>`. */
  url(host = '127.0.0.1', path = '/'): string {
    return `http://${host}:${this.port}${path}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

/** A public unicast address (documentation would be "reserved" and refused by the policy). */
export const PUBLIC_ADDRESS = '93.184.215.14';

/**
 * A DNS-rebinding resolver: the first `publicAnswers` lookups of each name answer a public
 * address, every later one 127.0.0.1 (what an attacker's name server does between a check and a
 * connect). Names outside `rebinding` (when given) resolve to nothing. Counts the lookups.
 */
export function rebindingLookup(
  publicAnswers = 1,
  rebinding?: (hostname: string) => boolean,
): typeof dns.lookup & { calls: number; callsFor(hostname: string): number } {
  const perName = new Map<string, number>();
  const lookup = ((hostname: string, options: unknown, callback?: unknown) => {
    const done = (typeof options === 'function' ? options : callback) as (
      error: Error | null,
      address: unknown,
      family?: number,
    ) => void;
    if (rebinding && !rebinding(hostname))
      return setImmediate(() =>
        done(Object.assign(new Error(`${hostname} not found`), { code: 'ENOTFOUND' }), undefined),
      );
    const calls = (perName.get(hostname) ?? 0) + 1;
    perName.set(hostname, calls);
    lookup.calls += 1;
    const address = calls <= publicAnswers ? PUBLIC_ADDRESS : '127.0.0.1';
    const all = typeof options === 'object' && (options as { all?: boolean } | null)?.all;
    setImmediate(() => (all ? done(null, [{ address, family: 4 }]) : done(null, address, 4)));
  }) as unknown as typeof dns.lookup & { calls: number; callsFor(hostname: string): number };
  lookup.calls = 0;
  lookup.callsFor = (hostname) => perName.get(hostname) ?? 0;
  return lookup;
}

/** A resolver pointing chosen names at chosen addresses (anything else: not found). */
export function fixedLookup(names: Record<string, string>): typeof dns.lookup {
  return ((hostname: string, options: unknown, callback?: unknown) => {
    const done = (typeof options === 'function' ? options : callback) as (
      error: Error | null,
      address: unknown,
      family?: number,
    ) => void;
    const address = names[hostname];
    const all = typeof options === 'object' && (options as { all?: boolean } | null)?.all;
    setImmediate(() => {
      if (!address)
        return done(
          Object.assign(new Error(`${hostname} not found`), { code: 'ENOTFOUND' }),
          undefined,
        );
      const family = address.includes(':') ? 6 : 4;
      return all ? done(null, [{ address, family }]) : done(null, address, family);
    });
  }) as unknown as typeof dns.lookup;
}
