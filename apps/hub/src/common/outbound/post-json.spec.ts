import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertPublicUrl } from './outbound-target';
import { postJson } from './post-json';
import { SsrfGuard } from './ssrf-guard';

describe('postJson', () => {
  let server: http.Server;
  let port: number;
  const received: Array<{ url?: string; body: string; headers: http.IncomingHttpHeaders }> = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ url: request.url, body: Buffer.concat(chunks).toString('utf8'), headers: request.headers });
        if (request.url === '/big') return response.end('x'.repeat(100_000));
        if (request.url === '/slow') return void setTimeout(() => response.end('late'), 2000).unref();
        if (request.url === '/moved') return response.writeHead(302, { location: '/ok' }).end();
        response.writeHead(request.url === '/gone' ? 410 : 202).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });

  const allowing = new SsrfGuard(['127.0.0.1', 'localhost']);
  const options = { timeoutMs: 5000, maxResponseBytes: 1024 };

  it('posts the body with its headers and reports the status and the answer', async () => {
    const outcome = await postJson(
      `http://127.0.0.1:${port}/ok`,
      '{"a":1}',
      { 'webhook-id': 'msg_1' },
      allowing,
      options,
    );
    expect(outcome).toMatchObject({ status: 202, excerpt: '{"ok":true}' });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect(received.at(-1)).toMatchObject({
      body: '{"a":1}',
      headers: { 'webhook-id': 'msg_1', 'content-type': 'application/json' },
    });
  });

  it('keeps only the first kilobyte of a large answer', async () => {
    const outcome = await postJson(`http://127.0.0.1:${port}/big`, '{}', {}, allowing, options);
    expect(outcome.excerpt).toHaveLength(1024);
  });

  it('reports a redirect as the answer instead of following it', async () => {
    expect((await postJson(`http://127.0.0.1:${port}/moved`, '{}', {}, allowing, options)).status).toBe(302);
  });

  it('refuses a literal loopback address and a name that resolves to one', async () => {
    const strict = new SsrfGuard([]);
    await expect(postJson(`http://127.0.0.1:${port}/ok`, '{}', {}, strict, options)).rejects.toMatchObject({
      code: 'url_not_allowed',
    });
    await expect(postJson(`http://localhost:${port}/ok`, '{}', {}, strict, options)).rejects.toMatchObject({
      code: 'url_not_allowed',
    });
  });

  it('gives up when the receiver does not answer in time', async () => {
    await expect(
      postJson(`http://127.0.0.1:${port}/slow`, '{}', {}, allowing, { ...options, timeoutMs: 200 }),
    ).rejects.toMatchObject({ code: 'fetch_timeout' });
  });
});

describe('assertPublicUrl', () => {
  it('refuses private and loopback targets, by address or by name, unless allowlisted', async () => {
    const strict = new SsrfGuard([]);
    await expect(assertPublicUrl('http://10.0.0.7/hook', strict)).rejects.toMatchObject({
      code: 'url_not_allowed',
      status: 400,
    });
    await expect(assertPublicUrl('http://localhost:8080/hook', strict)).rejects.toMatchObject({
      code: 'url_not_allowed',
    });
    // Scheme and credentials are refused before the address is looked at (which public addresses pass is ssrf-guard.spec's).
    await expect(assertPublicUrl('http://user:pw@127.0.0.1/hook', new SsrfGuard(['127.0.0.1']))).rejects.toMatchObject({
      code: 'unsupported_url',
    });
    await expect(assertPublicUrl('ftp://127.0.0.1/hook', new SsrfGuard(['127.0.0.1']))).rejects.toMatchObject({
      code: 'unsupported_url',
    });
    await expect(assertPublicUrl('http://localhost:8080/hook', new SsrfGuard(['localhost']))).resolves.toBeUndefined();
  });
});
