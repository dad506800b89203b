import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'svix';
import type { HubConfig } from '../../config/config.schema';
import { PublishRefused, ReviewPublishers } from '../../modules/review/review-publishers';
import { FixedClock, mockClass } from '../../testing/mock-class';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { WordPressReviewPublisher } from './wordpress-review.publisher';
import { WordPressSiteRepository } from './wordpress-site.repository';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const IMAGE_ID = '3f2b8c1e-0d4a-4e5b-9c6d-7e8f9a0b1c2d';
const REVIEWED = {
  altText: 'A robin on a branch',
  altTextByPerson: true,
  tags: [{ label: 'bird', confidence: 0.9, source: 'objects' as const }],
};

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the plugin's callback route on 127.0.0.1: answers each request with the next status given. */
describe('publishing a person’s edit to the WordPress site it came from', () => {
  let server: http.Server;
  let siteUrl: string;
  let answers: number[];
  let received: Received[];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() });
        response.writeHead(answers.shift() ?? 200, { 'content-type': 'application/json' });
        response.end(
          '{"code":"tagphoto_bad_payload","message":"Edit refused: data.altText must be a non-empty string."}',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/blog`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    answers = [];
    received = [];
  });

  function setup(allowHosts: string[] = ['127.0.0.1']) {
    const sites = mockClass(WordPressSiteRepository);
    const connections = mockClass(ConnectionRepository);
    const connection: ConnectionRecord = {
      id: 'connection-1',
      ownerId: 'owner-1',
      provider: 'wordpress',
      externalAccount: siteUrl,
      settings: {},
      status: 'active',
      createdAt: new Date(),
    };
    sites.find.mockResolvedValue({
      id: connection.id,
      ownerId: 'owner-1',
      siteUrl,
      status: 'active',
      secrets: { callbackSecret: { current: SECRET } },
    });
    connections.getItem.mockResolvedValue({ contentHash: '', imageId: IMAGE_ID });
    const publisher = new WordPressReviewPublisher(
      new ReviewPublishers(),
      sites,
      connections,
      new FixedClock(new Date()),
      { TAGPHOTO_FETCH_ALLOW_HOSTS: allowHosts, TAGPHOTO_WEBHOOK_TIMEOUT_MS: 2000 } as unknown as HubConfig,
    );
    return { publisher, connection, sites };
  }

  it('sends the alt text and tags, signed with the site’s callback secret, to the site’s own callback route', async () => {
    const { publisher, connection } = setup();
    await publisher.publish(connection, '42', REVIEWED);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.url).toBe('/blog/?rest_route=%2Ftagphoto%2Fv1%2Fcallback&attachment=42');
    expect(request.headers['content-type']).toBe('application/json');
    const verified = new Webhook(SECRET).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    expect(verified).toMatchObject({
      type: 'image.edited',
      data: { imageId: IMAGE_ID, altText: 'A robin on a branch', altTextByPerson: true, tags: [{ label: 'bird' }] },
    });
  });

  it('throws on a 5xx or a 429 so the job is retried', async () => {
    const { publisher, connection } = setup();
    answers = [503];
    await expect(publisher.publish(connection, '42', REVIEWED)).rejects.toThrow('answered 503');
    answers = [429];
    await expect(publisher.publish(connection, '42', REVIEWED)).rejects.toThrow('answered 429');
  });

  it('takes any other 4xx as the plugin’s final answer: recorded, not retried', async () => {
    const { publisher, connection } = setup();
    answers = [400];
    await expect(publisher.publish(connection, '42', REVIEWED)).rejects.toThrow(PublishRefused);
    expect(received).toHaveLength(1);
  });

  it('sends nothing to an address the SSRF rules refuse, and nothing for a site without its callback secret', async () => {
    const refused = setup([]);
    await expect(refused.publisher.publish(refused.connection, '42', REVIEWED)).rejects.toThrow(PublishRefused);
    const secretless = setup();
    secretless.sites.find.mockResolvedValue({
      id: 'connection-1',
      ownerId: 'owner-1',
      siteUrl,
      status: 'active',
      secrets: {},
    });
    await secretless.publisher.publish(secretless.connection, '42', REVIEWED);
    expect(received).toHaveLength(0);
  });
});
