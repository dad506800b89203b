import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PHOTOS } from '../support/hub';
import { freePort } from '../support/hub-process';
import { Account, call, SecurityHub, startSecurityHub } from './support/security-hub';

/**
 * Issue 15, findings 6 and 7, for `POST /v1/images {"url": …}`: an image server that refuses the connection was
 * taken for the hub's own database (503 database_unavailable with Retry-After), a malformed percent-encoding in
 * the URL was a 500, and three IPv6 ranges that reach no public server were treated as public.
 */
describe('fetching an image by URL', () => {
  let hub: SecurityHub;
  let account: Account;
  let imageServer: http.Server;
  let imageServerPort: number;
  const requestsSeen: string[] = [];

  const fromUrl = (url: string) =>
    call(`${hub.url}/v1/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url }),
    });

  beforeAll(async () => {
    const photo = await readFile(join(PHOTOS, 'coffee.jpg'));
    imageServer = http.createServer((request, response) => {
      requestsSeen.push(request.url!);
      response.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo);
    });
    await new Promise<void>((resolve) => imageServer.listen(0, '127.0.0.1', resolve));
    imageServerPort = (imageServer.address() as AddressInfo).port;
    // Loopback image servers are allow-listed, as an operator would allow a private one.
    hub = await startSecurityHub({ TAGPHOTO_FETCH_ALLOW_HOSTS: '127.0.0.1' });
    account = await hub.newAccount();
  });
  afterAll(async () => {
    await hub.close();
    await new Promise((resolve) => imageServer.close(resolve));
  });

  it('answers 422 url_unreachable naming the image server when it refuses the connection, never a 503 about the hub', async () => {
    const closedPort = await freePort();
    const answer = await fromUrl(`http://127.0.0.1:${closedPort}/photo.jpg`);
    expect(answer.status).toBe(422);
    expect(answer.body.error?.code).toBe('url_unreachable');
    expect(answer.body.error?.message).toContain(`127.0.0.1:${closedPort}`);
    expect(answer.headers.get('retry-after')).toBeNull();
  });

  it('answers 400 invalid_url for a malformed percent-encoding, before fetching anything', async () => {
    requestsSeen.length = 0;
    const answer = await fromUrl(`http://127.0.0.1:${imageServerPort}/caf%E9%ZZ.jpg`);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('invalid_url');
    expect(answer.body.error?.message).toMatch(/percent-encoding/);
    expect(requestsSeen).toEqual([]);

    // A well-formed name still works and keeps its decoded file name.
    const accepted = await fromUrl(`http://127.0.0.1:${imageServerPort}/caf%C3%A9.jpg`);
    expect(accepted.status).toBe(202);
    const image = await call(`${hub.url}/v1/images/${accepted.body.id as string}`, {
      headers: { authorization: `Bearer ${account.apiKey}` },
    });
    expect(image.body.fileName).toBe('café.jpg');
  });

  it.each([
    ['an IPv4-compatible address (::/96) of 127.0.0.1', '[::7f00:1]'],
    ['a site-local address (fec0::/10)', '[fec0::1]'],
    ['a local-use NAT64 address (64:ff9b:1::/48) of 127.0.0.1', '[64:ff9b:1::7f00:1]'],
  ])('refuses %s before connecting', async (_, host) => {
    const answer = await fromUrl(`http://${host}:${imageServerPort}/photo.jpg`);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('url_not_allowed');
  });
});
