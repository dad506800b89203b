'use strict';
/**
 * Tests and benchmarks talk to 127.0.0.0/8 and [::1] only. Loaded into every jest worker (jest.config.js) and,
 * through NODE_OPTIONS=--require, into every Node process a test starts (the hub, benchmark hubs), this makes
 * any attempt to open a socket to, or resolve a name for, anything else throw synchronously, before Node's own
 * connect or lookup runs: no packet leaves the machine. Unix sockets and IPC are local by nature and pass.
 * Requests that nock intercepts never reach a socket, so SaaS look-alikes (shopify.com, slack.com,
 * googleapis.com) under nock keep working; only a request nock lets through meets this guard.
 */
const dgram = require('node:dgram');
const dns = require('node:dns');
const net = require('node:net');

const INSTALLED = Symbol.for('tagphoto.loopbackOnly');
/**
 * Every refused attempt, so the jest hook can fail the test even when the code under test swallowed the error.
 * Kept on Node's own Socket prototype: jest loads this file afresh for each test file of a worker, but patches once.
 */
const refusals = (net.Socket.prototype[INSTALLED] ??= { refusals: [], patched: false }).refusals;

class NonLoopbackNetworkError extends Error {
  constructor(what) {
    super(`Tests may contact only 127.0.0.0/8 and [::1]: refused ${what} (tests/support/loopback-only.js)`);
    this.name = 'NonLoopbackNetworkError';
    this.code = 'ERR_TEST_NON_LOOPBACK';
  }
}

function isLoopbackAddress(address) {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || /^::ffff:127\./.test(bare) || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/** Names that resolve from /etc/hosts (no DNS packet) to loopback. */
function isLoopbackName(name) {
  const lower = name.toLowerCase().replace(/\.$/, '');
  return lower === 'localhost' || lower.endsWith('.localhost');
}

function refuse(what) {
  const error = new NonLoopbackNetworkError(what);
  refusals.push(error.message);
  throw error;
}

/** The host a connect call targets, whatever form its arguments take (net.connect passes a normalised array). */
function connectTarget(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  // http passes `path: null` beside the host: only a string path means a Unix socket.
  if (first !== null && typeof first === 'object')
    return { path: typeof first.path === 'string' ? first.path : undefined, host: first.host, port: first.port };
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { host: typeof args[1] === 'string' ? args[1] : undefined, port: first };
}

function checkHost(host, what) {
  // No host means Node's default, localhost.
  if (host === undefined || host === null || host === '') return;
  if (net.isIP(host.replace(/^\[|\]$/g, '')) ? !isLoopbackAddress(host) : !isLoopbackName(host))
    refuse(`${what} ${host}`);
}

function install() {
  if (net.Socket.prototype[INSTALLED].patched) return;

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function loopbackOnlyConnect(...args) {
    const target = connectTarget(args);
    if (target.path === undefined) checkHost(target.host, `a connection to`);
    return connect.apply(this, args);
  };

  const checkLookup = (hostname) => {
    if (typeof hostname !== 'string') return;
    // An address literal resolves to itself without asking anyone; the connect check judges it.
    if (net.isIP(hostname)) return;
    if (!isLoopbackName(hostname)) refuse(`a name lookup for ${hostname}`);
  };
  const lookup = dns.lookup;
  dns.lookup = function loopbackOnlyLookup(hostname, ...rest) {
    checkLookup(hostname);
    return lookup.call(this, hostname, ...rest);
  };
  const promisesLookup = dns.promises.lookup;
  dns.promises.lookup = function loopbackOnlyPromisesLookup(hostname, ...rest) {
    checkLookup(hostname);
    return promisesLookup.call(this, hostname, ...rest);
  };
  // The resolve* family always asks a DNS server: no test has a reason to.
  for (const resolver of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) {
    for (const name of Object.keys(resolver).concat(Object.getOwnPropertyNames(resolver))) {
      if (!/^resolve/.test(name) || typeof resolver[name] !== 'function' || resolver[name][INSTALLED]) continue;
      const original = resolver[name];
      const guarded = function loopbackOnlyResolve(hostname, ...rest) {
        if (typeof hostname !== 'string' || !isLoopbackName(hostname)) refuse(`a DNS query (${name}) for ${hostname}`);
        return original.call(this, hostname, ...rest);
      };
      guarded[INSTALLED] = true;
      resolver[name] = guarded;
    }
  }

  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function loopbackOnlySend(...args) {
    // send(msg, [offset, length,] port, address, cb): the address is the first string after the message.
    const address = args.slice(1).find((arg) => typeof arg === 'string');
    if (address !== undefined) checkHost(address, 'a UDP datagram to');
    return send.apply(this, args);
  };
  const dgramConnect = dgram.Socket.prototype.connect;
  dgram.Socket.prototype.connect = function loopbackOnlyDgramConnect(port, address, ...rest) {
    if (typeof address === 'string') checkHost(address, 'a UDP connection to');
    return dgramConnect.call(this, port, address, ...rest);
  };

  net.Socket.prototype[INSTALLED].patched = true;
}

/** NODE_OPTIONS that load this guard into a child Node process, keeping whatever options are already set. */
function childNodeOptions(existing = process.env.NODE_OPTIONS) {
  const flag = `--require=${__filename}`;
  return existing && existing.includes(flag) ? existing : [existing, flag].filter(Boolean).join(' ');
}

/** The refusals recorded since the last call, cleared. */
function takeRefusals() {
  return refusals.splice(0, refusals.length);
}

install();

module.exports = { childNodeOptions, takeRefusals, isLoopbackAddress, NonLoopbackNetworkError };
