import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { createConcurrencyLimit } from '../auth/concurrency-limit';

/** Global unicast IPv6 (2000::/3): everything outside it (IPv4-compatible `::7f00:1`, site-local `fec0::`…) is not a push service. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];
/** Benchmarking (198.18.0.0/15): unicast to ipaddr.js, yet never a public host. */
const BENCHMARKING_V4 = ipaddr.parseCIDR('198.18.0.0/15') as [ipaddr.IPv4, number];

/**
 * [NT3] [NT20] True for an address a push endpoint may not reach in production: everything ipaddr.js does not classify
 * as `unicast` once an IPv4-mapped address is unwrapped (loopback, private, link-local, CGNAT, multicast, reserved,
 * NAT64, 6to4, Teredo…), IPv6 outside global unicast, and anything that does not parse.
 */
export function isBlockedAddress(address: string): boolean {
  if (net.isIP(address) === 0) return true;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return true;
  }
  if (parsed.range() !== 'unicast') return true;
  if (parsed.kind() === 'ipv4') return (parsed as ipaddr.IPv4).match(BENCHMARKING_V4);
  return !(parsed as ipaddr.IPv6).match(GLOBAL_UNICAST_V6);
}

export type AddressResolver = (hostname: string) => Promise<string[]>;

/** [NT22] A registration's DNS answer may take this long, per query (c-ares; the Resolver retries once). */
const RESOLVE_TIMEOUT_MS = 2000;
/** [NT22] Registrations resolving at once in this process; the others wait their turn. */
const RESOLVE_CONCURRENCY = 8;

/**
 * [NT22] Resolves a name's A and AAAA records with c-ares (`dns.promises.Resolver`, with a timeout), not `dns.lookup`:
 * lookups run on libuv's small thread pool, which file-system and crypto work share, so slow names registered on purpose
 * could stall them. At most RESOLVE_CONCURRENCY at once. No records of either family is an empty list.
 */
export function createAddressResolver(
  options: { timeoutMs?: number; concurrency?: number; /** Tests: a local name server. */ servers?: string[] } = {},
): AddressResolver {
  const resolver = new dns.promises.Resolver({ timeout: options.timeoutMs ?? RESOLVE_TIMEOUT_MS, tries: 2 });
  if (options.servers) resolver.setServers(options.servers);
  const limit = createConcurrencyLimit(options.concurrency ?? RESOLVE_CONCURRENCY);
  const family = async (query: Promise<string[]>): Promise<string[]> => {
    try {
      return await query;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === dns.NODATA || code === dns.NOTFOUND) return [];
      throw error;
    }
  };
  return (hostname) =>
    limit(async () => {
      const [v4, v6] = await Promise.all([family(resolver.resolve4(hostname)), family(resolver.resolve6(hostname))]);
      return [...v4, ...v6];
    });
}

/** A URL's host as an address or a name (`[::1]` without its brackets). */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * [NT3] Why this endpoint may not be reached in production, or null: a literal blocked address, or a name that resolves
 * to one (any of its addresses). Checked when a subscription is registered; at send time the agent's lookup checks the
 * address it connects to (`publicOnlyLookup`).
 */
export async function blockedEndpointProblem(url: URL, resolve: AddressResolver): Promise<string | null> {
  const host = hostOf(url);
  if (net.isIP(host) !== 0) return isBlockedAddress(host) ? 'endpoint points to a private, loopback or link-local address' : null;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return 'endpoint host does not resolve';
  }
  if (addresses.length === 0) return 'endpoint host does not resolve';
  return addresses.some(isBlockedAddress) ? 'endpoint resolves to a private, loopback or link-local address' : null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * [NT3] A `lookup` for the sending agent that refuses blocked addresses at connect time: the address checked is the
 * address connected to, so a name that resolved to a public address at registration and to a private one now
 * (DNS rebinding) is refused.
 */
export function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, entries) => {
    if (error) return callback(error, []);
    const blocked = entries.find((entry) => isBlockedAddress(entry.address));
    if (blocked) {
      const refused: NodeJS.ErrnoException = new Error(`push endpoint ${hostname} resolves to a blocked address`);
      refused.code = 'EBLOCKEDADDRESS';
      return callback(refused, []);
    }
    if (options.all) return callback(null, entries);
    const first = entries[0];
    if (!first) return callback(Object.assign(new Error(`push endpoint ${hostname} does not resolve`), { code: 'ENOTFOUND' }), []);
    return callback(null, first.address, first.family);
  });
}
