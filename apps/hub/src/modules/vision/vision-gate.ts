import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { checkedLookup } from '../../common/outbound/ssrf-guard';
import { ConfigError } from '../../config/config.schema';

/**
 * Address ranges a vision server may sit in without images leaving the operator's network: this machine,
 * RFC 1918 / IPv6 unique-local networks, and link-local. Everything else counts as public, as ipaddr.js classifies it.
 */
const OPERATOR_NETWORK: ReadonlySet<string> = new Set(['loopback', 'private', 'uniqueLocal', 'linkLocal']);

export function isOperatorNetwork(address: string): boolean {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return OPERATOR_NETWORK.has(parsed.range());
}

/** Every address a name resolves to. */
export type ResolveAll = (host: string) => Promise<LookupAddress[]>;

export interface VisionTarget {
  host: string;
  /** An address outside the operator's network: images leave it. */
  public: boolean;
}

/**
 * The privacy gate, checked at start before anything contacts the vision server: the URL's host must resolve to
 * loopback or a private network, unless the operator explicitly allows a public one. An IP literal is judged
 * without any lookup; a name is resolved, and one public address among its answers makes it public.
 */
export async function checkVisionTarget(
  raw: string,
  allowPublic: boolean,
  resolve: ResolveAll = (host) => lookup(host, { all: true }),
): Promise<VisionTarget> {
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`TAGPHOTO_VISION_URL must be http or https (got ${url.protocol}).`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : (
        await resolve(host).catch(() => {
          throw new ConfigError(`TAGPHOTO_VISION_URL: ${host} does not resolve.`);
        })
      ).map((entry) => entry.address);
  const outside = addresses.find((address) => !isOperatorNetwork(address));
  if (outside && !allowPublic) {
    throw new ConfigError(
      `TAGPHOTO_VISION_URL points at ${host} (${outside}), a public address: images would leave your network, which the privacy policy ` +
        '(section 9) does not allow. Run the model on this machine or a private network, or set TAGPHOTO_VISION_ALLOW_PUBLIC=true to send ' +
        'images there and tell every owner so on their privacy page.',
    );
  }
  return { host, public: outside !== undefined };
}

/**
 * A `lookup` for the vision client's sockets that checks the gate again on every connection, so a name that later
 * resolves elsewhere (DNS rebinding) cannot carry images out of the network.
 */
export function operatorNetworkLookup(): LookupFunction {
  return checkedLookup((hostname, address) =>
    isOperatorNetwork(address) ? undefined : `${hostname} now resolves to ${address}, outside your network`,
  );
}
