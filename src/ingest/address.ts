import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, type Dispatcher } from 'undici';
import { IngestFailure } from './failure.ts';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Resolves a host name to every address it has, like `dns.lookup(host, { all: true })`.
 * Injectable so tests can say "example.test is 127.0.0.1" without a network.
 */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (`getaddrinfo`, so `/etc/hosts` counts), every address. */
export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 })));
    });
  });

/** Plain words for the ranges ipaddr.js names, as a refusal message shows them. */
const RANGE_WORDS: Readonly<Record<string, string>> = {
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique-local (private IPv6) address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  carrierGradeNat: 'a shared (carrier-grade NAT) address',
  deprecatedSiteLocal: 'a site-local address',
};

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
const SIX_TO_FOUR = ipaddr.IPv6.parseCIDR('2002::/16');

/**
 * Why `address` is not a public Internet address (e.g. "a loopback address"), or undefined when it is.
 * IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by that IPv4 address;
 * any other IPv6 address outside global unicast (2000::/3) is refused as reserved.
 */
export function nonPublicReason(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return 'not an IP address';
  const ip = ipaddr.parse(bare);
  if (ip.kind() === 'ipv4') return rangeReason((ip as ipaddr.IPv4).range());
  const v6 = ip as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded) return nonPublicReason(embedded.toString());
  const range = v6.range();
  if (range === 'unicast' && !v6.match(GLOBAL_UNICAST_V6)) return 'a reserved address';
  return rangeReason(range);
}

function rangeReason(range: string): string | undefined {
  if (range === 'unicast') return undefined;
  return RANGE_WORDS[range] ?? `a reserved address (${range})`;
}

function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const range = ip.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return lastFourBytes(ip);
  if (ip.match(NAT64_WELL_KNOWN)) return lastFourBytes(ip);
  if (ip.match(SIX_TO_FOUR)) {
    const bytes = ip.toByteArray();
    return new ipaddr.IPv4(bytes.slice(2, 6));
  }
  return undefined;
}

function lastFourBytes(ip: ipaddr.IPv6): ipaddr.IPv4 {
  return new ipaddr.IPv4(ip.toByteArray().slice(12, 16));
}

/** How a fetch may reach a host: whether non-public addresses are allowed, and the resolver. */
export interface AddressPolicy {
  /** Fetch loopback, private, link-local and other non-public addresses (intranet use). Default false. */
  readonly allowPrivate: boolean;
  readonly resolveHost: HostResolver;
}

/** Where one request goes: the addresses checked for it and, for a redirect hop, the URL that sent it there. */
export interface AddressCheck {
  readonly url: URL;
  readonly redirectedFrom?: URL | undefined;
}

/**
 * Resolves the URL's host (an IP literal is its own address) and, unless private addresses are allowed,
 * refuses it with `private-address` when any address is not public: the connection is then pinned to
 * these addresses, so a second, different DNS answer can never be what gets fetched.
 */
export async function checkedAddresses(
  { url, redirectedFrom }: AddressCheck,
  policy: AddressPolicy,
  signal: AbortSignal,
): Promise<readonly ResolvedAddress[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses: readonly ResolvedAddress[] =
    literal === 0
      ? await resolveWithin(host, policy.resolveHost, signal)
      : [{ address: host, family: literal === 6 ? 6 : 4 }];
  if (addresses.length === 0)
    throw new IngestFailure('network', `network error: ${host} has no addresses`, { host });
  if (policy.allowPrivate) return addresses;
  for (const { address } of addresses) {
    const reason = nonPublicReason(address);
    if (reason === undefined) continue;
    const where = literal === 0 ? `${host} resolves to ${address}, ${reason}` : `${address} is ${reason}`;
    const what = redirectedFrom ? `a redirect to ${url.href}` : url.href;
    throw new IngestFailure(
      'private-address',
      `refused ${what}: ${where} (--allow-private or INGEST_ALLOW_PRIVATE=true allows it)`,
      {
        url: url.href,
        ...(redirectedFrom ? { redirectedFrom: redirectedFrom.href } : {}),
        host,
        addresses: addresses.map((entry) => entry.address),
      },
    );
  }
  return addresses;
}

async function resolveWithin(
  host: string,
  resolveHost: HostResolver,
  signal: AbortSignal,
): Promise<readonly ResolvedAddress[]> {
  if (signal.aborted) throw signal.reason;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([resolveHost(host), aborted]);
  } catch (error) {
    if (signal.aborted) throw error;
    const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
    throw new IngestFailure('network', `network error: ${code ?? 'no address'} for ${host}`, {
      host,
      error: error instanceof Error ? error.message : String(error),
    });
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * Dispatchers pinned to checked addresses, reused while one run lasts so requests to the same host keep
 * their connections. Each connects to its host only, and only at the addresses checked for it (TLS still
 * verifies the certificate against the host name); a host that resolves differently later gets a new one.
 */
export class PinnedDispatchers {
  private readonly agents = new Map<string, Dispatcher>();

  /** The dispatcher for `hostname` at exactly these addresses, in whatever order they came. */
  for(hostname: string, addresses: readonly ResolvedAddress[]): Dispatcher {
    const host = hostname.replace(/^\[|\]$/g, '');
    // Sorted: a resolver that rotates its answers (round-robin DNS) must not open a new connection per fetch.
    const key = [host, ...addresses.map(({ address }) => address).sort()].join(' ');
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({ connect: { lookup: pinnedLookup(host, addresses) } });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Closes every connection; call when the run is over. */
  async close(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((agent) => agent.destroy().catch(() => undefined)));
  }
}

function pinnedLookup(host: string, addresses: readonly ResolvedAddress[]) {
  return (name: string, options: { all?: boolean | undefined }, callback: LookupCallback): void => {
    const first = addresses[0];
    if (name !== host || !first) {
      const error: NodeJS.ErrnoException = new Error(`no checked address for ${name}`);
      error.code = 'ENOTFOUND';
      callback(error, '');
      return;
    }
    if (options.all)
      callback(
        null,
        addresses.map(({ address, family }) => ({ address, family })),
      );
    else callback(null, first.address, first.family);
  };
}
