import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * IPv6 ranges ipaddr.js calls plain unicast although no public server lives there: each can reach an
 * IPv4 or site-internal host (IPv4-compatible ::a.b.c.d, deprecated site-local, local-use NAT64).
 */
const NOT_PUBLIC_IPV6: ReadonlyArray<[string, ipaddr.IPv6, number]> = [
  ['ipv4Compatible', ...(ipaddr.parseCIDR('::/96') as [ipaddr.IPv6, number])],
  ['siteLocal', ...(ipaddr.parseCIDR('fec0::/10') as [ipaddr.IPv6, number])],
  ['localUseNat64', ...(ipaddr.parseCIDR('64:ff9b:1::/48') as [ipaddr.IPv6, number])],
];

/**
 * Decides whether the hub may open a connection to an address. Anything that is not plain public unicast
 * (loopback, private, link-local incl. cloud metadata at 169.254.169.254, unique-local, CGNAT, multicast,
 * reserved) is refused unless the operator allowlisted the host name or a CIDR range containing it.
 */
export class SsrfGuard {
  private readonly hosts: Set<string>;
  private readonly ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;

  constructor(allow: readonly string[]) {
    this.hosts = new Set(allow.filter((entry) => !isCidrOrIp(entry)).map((host) => host.toLowerCase()));
    this.ranges = allow
      .filter(isCidrOrIp)
      .map((entry) => (entry.includes('/') ? ipaddr.parseCIDR(entry) : toHostRange(entry)));
  }

  /** A reason when the address may not be contacted, undefined when it may. */
  refusal(hostname: string, address: string): string | undefined {
    if (this.hosts.has(hostname.toLowerCase())) return undefined;
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
      parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    }
    if (this.ranges.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits)))
      return undefined;
    const kind = rangeOf(parsed);
    return kind === 'unicast'
      ? undefined
      : `${hostname} resolves to ${address}, a ${kind} address the hub does not contact`;
  }

  /**
   * A `lookup` for http(s).request that resolves the name and checks the very address the socket will use,
   * so a DNS answer that changes between a check and the connection (rebinding) cannot slip through.
   */
  lookup(): typeof dnsLookup {
    return checkedLookup((hostname, address) => this.refusal(hostname, address));
  }
}

function rangeOf(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  const kind = address.range();
  if (kind !== 'unicast' || address.kind() !== 'ipv6') return kind;
  return NOT_PUBLIC_IPV6.find(([, range, bits]) => address.match(range, bits))?.[0] ?? kind;
}

/**
 * A `lookup` for sockets that resolves the name and fails the connection (code EBLOCKED) when `refusal` gives a
 * reason for any of its addresses: the check applies to the very addresses the socket will use.
 */
export function checkedLookup(refusal: (hostname: string, address: string) => string | undefined): typeof dnsLookup {
  const guarded = (
    hostname: string,
    options: unknown,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.map((entry) => refusal(hostname, entry.address)).find(Boolean);
      if (refused) return callback(Object.assign(new Error(refused), { code: 'EBLOCKED' }), '', 0);
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
  return guarded as unknown as typeof dnsLookup;
}

function isCidrOrIp(entry: string): boolean {
  return entry.includes('/') ? ipaddr.isValidCIDR(entry) : ipaddr.isValid(entry);
}

function toHostRange(ip: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  const parsed = ipaddr.parse(ip);
  return [parsed, parsed.kind() === 'ipv4' ? 32 : 128];
}
