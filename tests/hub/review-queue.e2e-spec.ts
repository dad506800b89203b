import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { reviewBulkResultSchema, reviewDecisionSchema, reviewPageSchema } from '@tagphoto/contracts';
import { ConnectionRepository } from '../../apps/hub/src/connectors/connection.repository';
import { ReviewPublishers } from '../../apps/hub/src/modules/review/review-publishers';
import { ReviewService } from '../../apps/hub/src/modules/review/review.service';
import { newAccount, PHOTOS, REPO_ROOT, startTestHub, TestHub, tagAndWait } from '../support/hub';
import { until } from '../support/until';

type Account = Awaited<ReturnType<typeof newAccount>>;

/** The engine names no certain subject in this close-up of an apple and asks for a person. */
const FLAGGED = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'quality', 'red-apple-close.jpg');
const PROVIDER = 'review-queue-test';

describe.each(['server', 'embedded'] as const)('the review queue (/v1/review), %s mode', (mode) => {
  let hub: TestHub;
  let flaggedPhoto: Buffer;
  let surePhoto: Buffer;
  /** What the test connector's publisher was asked to write, by item. */
  const published: Array<{ externalId: string; altText: string }> = [];

  beforeAll(async () => {
    hub = await startTestHub({ mode });
    flaggedPhoto = await readFile(FLAGGED);
    surePhoto = await readFile(join(PHOTOS, 'chelsea.jpg'));
    hub.app.get(ReviewPublishers).register({
      provider: PROVIDER,
      publishes: ['altText'],
      publish: (_connection, externalId, reviewed) => {
        published.push({ externalId, altText: reviewed.altText });
        return Promise.resolve();
      },
    });
  });
  afterAll(() => hub.close());

  async function upload(account: Account, photo: Buffer): Promise<string> {
    const done = await tagAndWait(hub, account.cookie, photo, 'photo.jpg');
    return done.body.id as string;
  }

  const queue = async (account: Account, query = '') =>
    reviewPageSchema.parse(
      (await request(hub.http).get(`/v1/review${query}`).set('Cookie', account.cookie).expect(200)).body,
    );

  const imageOf = async (account: Account, id: string) =>
    (await request(hub.http).get(`/v1/images/${id}`).set('Cookie', account.cookie).expect(200)).body;

  it('lists the images the engine flagged, oldest first in cursor pages, and leaves out those it was sure of', async () => {
    const owner = await newAccount(hub);
    const flagged = [await upload(owner, flaggedPhoto), await upload(owner, flaggedPhoto)];
    const sure = await upload(owner, surePhoto);
    flagged.push(await upload(owner, flaggedPhoto));
    expect((await imageOf(owner, sure)).result.review.needed).toBe(false);

    const first = await queue(owner, '?limit=2');
    expect(first.total).toBe(3);
    expect(first.items.map((item) => item.id)).toEqual(flagged.slice(0, 2));
    const second = await queue(owner, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((item) => item.id)).toEqual(flagged.slice(2));
    expect(second.nextCursor).toBeNull();

    const image = await imageOf(owner, flagged[0]);
    expect(image.reviewState).toBe('needed');
    expect(first.items[0]).toMatchObject({
      kind: 'image',
      altText: image.result.altText,
      title: image.result.title,
      reasons: ['no certain subject'],
      stored: true,
      connectionId: null,
    });
  });

  it('approves, edits and rejects one at a time, says who decided when, and answers 409 once decided', async () => {
    const owner = await newAccount(hub);
    const [approved, edited, rejected] = [
      await upload(owner, flaggedPhoto),
      await upload(owner, flaggedPhoto),
      await upload(owner, flaggedPhoto),
    ];
    const sure = await upload(owner, surePhoto);

    const approval = await request(hub.http)
      .post(`/v1/review/${approved}/approve`)
      .set('Cookie', owner.cookie)
      .expect(200);
    expect(reviewDecisionSchema.parse(approval.body)).toMatchObject({
      id: approved,
      state: 'approved',
      decidedBy: { via: 'session', apiKeyId: null },
    });
    expect(Math.abs(Date.parse(approval.body.decidedAt) - Date.now())).toBeLessThan(60_000);

    const edit = await request(hub.http)
      .post(`/v1/review/${edited}/edit`)
      .set('Authorization', `Bearer ${owner.apiKey}`)
      .send({ altText: 'A red apple, close up', title: 'Red apple' })
      .expect(200);
    expect(edit.body).toMatchObject({ state: 'edited', decidedBy: { via: 'api-key', apiKeyId: owner.apiKeyId } });
    expect((await imageOf(owner, edited)).result).toMatchObject({
      altText: 'A red apple, close up',
      title: 'Red apple',
      editedFields: ['altText', 'title'],
    });

    await request(hub.http).post(`/v1/review/${rejected}/reject`).set('Cookie', owner.cookie).expect(200);
    expect(await queue(owner)).toEqual({ items: [], nextCursor: null, total: 0 });

    // Each image shows where it stands, alone and in the library's list, whatever the engine had flagged.
    const states = Object.fromEntries([approved, edited, rejected, sure].map((id, index) => [id, index]));
    expect(
      await Promise.all([approved, edited, rejected, sure].map(async (id) => (await imageOf(owner, id)).reviewState)),
    ).toEqual(['approved', 'edited', 'rejected', 'none']);
    const listed = await request(hub.http).get('/v1/images').set('Cookie', owner.cookie).expect(200);
    expect(
      (listed.body.items as Array<{ id: string; reviewState: string }>)
        .sort((one, other) => states[one.id] - states[other.id])
        .map((image) => image.reviewState),
    ).toEqual(['approved', 'edited', 'rejected', 'none']);

    const again = await request(hub.http).post(`/v1/review/${approved}/reject`).set('Cookie', owner.cookie).expect(409);
    expect(again.body.error.code).toBe('already_decided');
    const notFlagged = await request(hub.http)
      .post(`/v1/review/${sure}/approve`)
      .set('Cookie', owner.cookie)
      .expect(404);
    expect(notFlagged.body.error.code).toBe('not_under_review');
  });

  it("decides many ids at once and answers each: a bad id, another owner's image and a decided one do not stop the rest", async () => {
    const owner = await newAccount(hub);
    const stranger = await newAccount(hub);
    const ids = [
      await upload(owner, flaggedPhoto),
      await upload(owner, flaggedPhoto),
      await upload(owner, flaggedPhoto),
      await upload(owner, flaggedPhoto),
    ];
    const strangers = await upload(stranger, flaggedPhoto);

    const approved = reviewBulkResultSchema.parse(
      (
        await request(hub.http)
          .post('/v1/review/approve')
          .set('Cookie', owner.cookie)
          .send({ ids: [ids[0], 'not-an-id', strangers, ids[1]] })
          .expect(200)
      ).body,
    );
    expect(approved.results.map(({ id, status, error }) => [id, status, error?.code ?? null])).toEqual([
      [ids[0], 200, null],
      ['not-an-id', 400, 'invalid_id'],
      [strangers, 404, 'not_found'],
      [ids[1], 200, null],
    ]);
    expect(approved.results[0].decision).toMatchObject({ state: 'approved', decidedBy: { via: 'session' } });

    const rejected = await request(hub.http)
      .post('/v1/review/reject')
      .set('Authorization', `Bearer ${owner.apiKey}`)
      .send({ ids: [ids[0], ids[2]] })
      .expect(200);
    expect(rejected.body.results.map((result: { status: number }) => result.status)).toEqual([409, 200]);

    const edited = await request(hub.http)
      .post('/v1/review/edit')
      .set('Cookie', owner.cookie)
      .send({
        edits: [
          { id: ids[3], altText: 'An apple on a table' },
          { id: strangers, altText: 'mine now' },
        ],
      })
      .expect(200);
    expect(edited.body.results.map((result: { status: number }) => result.status)).toEqual([200, 404]);
    expect((await imageOf(owner, ids[3])).result.altText).toBe('An apple on a table');

    expect((await queue(owner)).total).toBe(0);
    // The stranger's image was neither decided nor changed by the owner's requests.
    const theirs = await queue(stranger);
    expect(theirs.items.map((item) => item.id)).toEqual([strangers]);
    expect((await imageOf(stranger, strangers)).result.editedFields).toEqual([]);
  });

  it("lists every connection's held suggestions once, and publishes an approval through the review-publish job", async () => {
    const owner = await newAccount(hub);
    const me = await request(hub.http).get('/v1/auth/me').set('Cookie', owner.cookie).expect(200);
    const ownerId = me.body.id as string;
    const connections = hub.app.get(ConnectionRepository);
    const connection = await connections.upsert(ownerId, PROVIDER, `shop-${ownerId}`, {});
    const held: string[] = [];
    for (const externalId of ['item-1', 'item-2']) {
      const imageId = await upload(owner, flaggedPhoto);
      await connections.setItem(ownerId, connection.id, externalId, 'hash', imageId, new Date());
      await hub.app.get(ReviewService).hold(ownerId, {
        imageId,
        connectionId: connection.id,
        externalId,
        reasons: ['no certain subject'],
        altText: `Suggested for ${externalId}`,
        context: `Product ${externalId}`,
        imageUrl: `https://shop.example/${externalId}.jpg`,
      });
      held.push(imageId);
    }

    const listed = await queue(owner);
    // Each image is flagged by the engine too, but is reviewed once: as the suggestion its connection holds.
    expect(listed.total).toBe(2);
    expect(listed.items).toEqual([
      expect.objectContaining({ id: held[0], kind: 'suggestion', altText: 'Suggested for item-1', title: null }),
      expect.objectContaining({
        id: held[1],
        kind: 'suggestion',
        context: 'Product item-2',
        connectionId: connection.id,
      }),
    ]);

    await request(hub.http)
      .post('/v1/review/edit')
      .set('Cookie', owner.cookie)
      .send({ edits: [{ id: held[0], altText: 'A red apple for item 1' }] })
      .expect(200);
    await request(hub.http).post(`/v1/review/${held[1]}/reject`).set('Cookie', owner.cookie).expect(200);
    await until('the rewrite published', () => published.length > 0);
    expect(published).toEqual([{ externalId: 'item-1', altText: 'A red apple for item 1' }]);
    expect((await queue(owner)).total).toBe(0);
    // The embedded page's list (per connection) sees the same decisions.
    expect(await hub.app.get(ReviewService).list(ownerId, connection.id)).toEqual([]);
  });

  it('refuses malformed requests with a 4xx naming the cause', async () => {
    const owner = await newAccount(hub);
    const id = await upload(owner, flaggedPhoto);
    const refused = async (method: 'get' | 'post', path: string, body?: object) => {
      const call = request(hub.http)[method](path).set('Cookie', owner.cookie);
      const answer = await (body ? call.send(body) : call).expect(400);
      return answer.body.error as { code: string; message: string };
    };
    expect((await refused('get', '/v1/review?limit=0')).code).toBe('invalid_request');
    expect((await refused('get', '/v1/review?cursor=nonsense')).code).toBe('invalid_cursor');
    expect((await refused('post', `/v1/review/${id}/edit`, {})).message).toContain('altText, title or both');
    expect((await refused('post', `/v1/review/${id}/edit`, { altText: '   ' })).code).toBe('invalid_request');
    expect((await refused('post', '/v1/review/approve', { ids: [] })).code).toBe('invalid_request');
    expect((await refused('post', '/v1/review/approve', { ids: Array(101).fill(id) })).code).toBe('invalid_request');
    expect((await refused('post', '/v1/review/reject', { ids: [id], all: true })).code).toBe('invalid_request');
    await request(hub.http).post('/v1/review/not-a-uuid/approve').set('Cookie', owner.cookie).expect(400);
    await request(hub.http).get('/v1/review').expect(401);
    // Nothing was decided by the refused requests.
    expect((await queue(owner)).items.map((item) => item.id)).toEqual([id]);
  });
});
