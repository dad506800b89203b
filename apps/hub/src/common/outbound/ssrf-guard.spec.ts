import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchBytes } from './fetch-bytes';
import { SsrfGuard } from './ssrf-guard';

describe('SsrfGuard', () => {
  const guard = new SsrfGuard([]);

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.9', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['fd00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::7f00:1', 'ipv4Compatible'],
    ['::a00:1', 'ipv4Compatible'],
    ['fec0::1', 'siteLocal'],
    ['64:ff9b:1::a00:1', 'localUseNat64'],
    ['64:ff9b::a00:1', 'rfc6052'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(guard.refusal('host.example', address)).toContain(kind);
  });

  it('allows public unicast addresses', () => {
    expect(guard.refusal('example.org', '93.184.216.34')).toBeUndefined();
    expect(guard.refusal('example.org', '2606:2800:220:1:248:1893:25c8:1946')).toBeUndefined();
  });

  it('lets the operator allowlist a CIDR range, a single address or a host name', () => {
    const allowing = new SsrfGuard(['10.0.0.0/8', '192.168.1.5', 'images.internal']);
    expect(allowing.refusal('x', '10.9.9.9')).toBeUndefined();
    expect(allowing.refusal('x', '192.168.1.5')).toBeUndefined();
    expect(allowing.refusal('x', '192.168.1.6')).toBeDefined();
    expect(allowing.refusal('images.internal', '172.16.0.1')).toBeUndefined();
  });
});

describe('fetchBytes', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/image') return response.end(Buffer.alloc(1000, 7));
      if (request.url === '/big') return response.end(Buffer.alloc(50_000, 7));
      if (request.url === '/to-loopback-ip') {
        response.writeHead(302, { location: `http://127.0.0.1:${port}/image` });
        return response.end();
      }
      if (request.url === '/slow') return setTimeout(() => response.end('late'), 2000);
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });

  const limits = { maxBytes: 10_000, timeoutMs: 5000 };

  it('refuses a literal loopback address', async () => {
    await expect(fetchBytes(`http://127.0.0.1:${port}/image`, new SsrfGuard([]), limits)).rejects.toMatchObject({
      code: 'url_not_allowed',
      status: 400,
    });
  });

  it('refuses a host name that resolves to loopback', async () => {
    await expect(fetchBytes(`http://localhost:${port}/image`, new SsrfGuard([]), limits)).rejects.toMatchObject({
      code: 'url_not_allowed',
    });
  });

  it('fetches from an allowlisted host', async () => {
    const { bytes } = await fetchBytes(`http://localhost:${port}/image`, new SsrfGuard(['localhost']), limits);
    expect(bytes).toHaveLength(1000);
  });

  it('checks every redirect hop again', async () => {
    await expect(
      fetchBytes(`http://localhost:${port}/to-loopback-ip`, new SsrfGuard(['localhost']), limits),
    ).rejects.toMatchObject({ code: 'url_not_allowed' });
  });

  it('stops reading past the byte limit', async () => {
    await expect(
      fetchBytes(`http://localhost:${port}/big`, new SsrfGuard(['localhost']), limits),
    ).rejects.toMatchObject({
      code: 'payload_too_large',
      status: 413,
    });
  });

  it('gives up after the time limit', async () => {
    await expect(
      fetchBytes(`http://localhost:${port}/slow`, new SsrfGuard(['localhost']), { maxBytes: 10_000, timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: 'fetch_timeout' });
  });

  it('refuses other schemes', async () => {
    await expect(fetchBytes('file:///etc/passwd', new SsrfGuard([]), limits)).rejects.toMatchObject({
      code: 'unsupported_url',
    });
  });
});
