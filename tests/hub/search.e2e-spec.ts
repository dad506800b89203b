import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import type { ImageView, TaggingResult } from '@tagphoto/contracts';
import { taggingResult } from '../../libs/contracts/testing/tagging-result';
import type { Database } from '../../apps/hub/src/database/database';
import { DATABASE } from '../../apps/hub/src/database/database.module';
import { ImageRepository, type NewImage } from '../../apps/hub/src/modules/images/image.repository';
import { ImageSearchIndex } from '../../apps/hub/src/modules/images/image-search-index.service';
import { newOwner, PHOTOS, seedImage, startTestHub, TestHub, tagAndWait } from '../support/hub';

interface Seed {
  tags?: string[];
  title?: string;
  altText?: string;
  description?: string;
  /** The text the engine read in the image (OCR). */
  text?: string;
  review?: boolean;
  language?: TaggingResult['language'];
  source?: Pick<NewImage, 'source' | 'connector'>;
  /** Left queued (no result) or failed instead of done. */
  status?: 'queued' | 'failed';
}

function resultOf(seed: Seed): TaggingResult {
  return taggingResult({
    tags: (seed.tags ?? []).map((label) => ({ label, confidence: 0.9, source: 'labels' })),
    title: seed.title ?? '',
    description: seed.description ?? '',
    altText: seed.altText ?? '',
    text: seed.text ?? '',
    review: { needed: seed.review ?? false, reasons: seed.review ? ['low-confidence subject'] : [] },
    width: 8,
    height: 8,
    language: seed.language ?? 'en',
    models: { engine: 'search-suite' },
  });
}

describe.each(['server', 'embedded'] as const)('searching and filtering images (%s mode)', (mode) => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ mode });
  });
  afterAll(() => hub.close());

  const owner = () => newOwner(hub);

  /** An image recorded the way the hub records one: its row, then (unless still queued) its outcome. */
  async function seed(ownerId: string, spec: Seed): Promise<string> {
    const fields = { language: spec.language ?? 'en', ...spec.source };
    const id = await seedImage(hub, ownerId, fields, spec.status ? null : resultOf(spec));
    if (spec.status === 'failed')
      await hub.app.get(ImageRepository).markFailed(ownerId, id, 'not an image', new Date());
    // Creation instants are kept to the millisecond: distinct ones make the expected newest-first order exact.
    await new Promise((resolve) => setTimeout(resolve, 3));
    return id;
  }

  async function ids(cookie: string, query: string): Promise<string[]> {
    const page = await request(hub.http).get(`/v1/images?${query}`).set('Cookie', cookie).expect(200);
    return (page.body.items as ImageView[]).map((image) => image.id);
  }

  it('finds images by tag, with any or all of several tags, ignoring case and accents', async () => {
    const me = await owner();
    const dog = await seed(me.id, { tags: ['Dog', 'Beach'] });
    const cat = await seed(me.id, { tags: ['cat', 'Beach'] });
    const both = await seed(me.id, { tags: ['dog', 'cat'] });
    const cafe = await seed(me.id, { tags: ['Café terrace'] });
    await seed(me.id, { tags: ['lighthouse'], altText: 'a dog on the beach' });

    expect(await ids(me.cookie, 'tag=DOG')).toEqual([both, dog]);
    expect(await ids(me.cookie, 'tag=dog&tag=cat')).toEqual([both, cat, dog]);
    expect(await ids(me.cookie, 'tag=dog&tag=cat&tags=any')).toEqual([both, cat, dog]);
    expect(await ids(me.cookie, 'tag=dog&tag=beach&tags=all')).toEqual([dog]);
    expect(await ids(me.cookie, 'tag=dog&tag=cat&tag=beach&tags=all')).toEqual([]);
    expect(await ids(me.cookie, `tag=${encodeURIComponent('cafe  TERRACE')}`)).toEqual([cafe]);
    // A tag is matched whole: one of its words is not the tag.
    expect(await ids(me.cookie, 'tag=terrace')).toEqual([]);
  });

  it('finds words in the text read in the image, the alt text, the title and the description, all words required', async () => {
    const me = await owner();
    const sign = await seed(me.id, { text: 'GRAND HÔTEL — Chambres libres', altText: 'A shop front at night' });
    const alt = await seed(me.id, { altText: 'A red bicycle leaning on a wall', title: 'Bicycle' });
    const described = await seed(me.id, { description: 'Hotel lobby with a red carpet' });
    await seed(me.id, { tags: ['hotel'], altText: 'A quiet street' });

    expect(await ids(me.cookie, 'q=chambres')).toEqual([sign]);
    expect(await ids(me.cookie, 'q=hotel')).toEqual([described, sign]);
    expect(await ids(me.cookie, 'q=Bicycle%20wall')).toEqual([alt]);
    expect(await ids(me.cookie, 'q=red')).toEqual([described, alt]);
    expect(await ids(me.cookie, 'q=red%20hotel')).toEqual([described]);
    expect(await ids(me.cookie, 'q=submarine')).toEqual([]);
  });

  it('finds what a person edited and what re-tagging changed, and forgets what they replaced', async () => {
    const me = await owner();
    const photo = await readFile(join(PHOTOS, 'astronaut.jpg'));
    const done = await tagAndWait(hub, me.cookie, photo, 'astronaut.jpg');
    const id = done.body.id as string;
    const [firstTag] = (done.body.result as TaggingResult).tags;
    expect(await ids(me.cookie, `tag=${encodeURIComponent(firstTag.label)}`)).toEqual([id]);

    await request(hub.http)
      .patch(`/v1/images/${id}`)
      .set('Cookie', me.cookie)
      .send({ altText: 'Commander in a spacesuit', tags: ['zeppelin'] })
      .expect(200);
    expect(await ids(me.cookie, 'q=spacesuit%20commander')).toEqual([id]);
    expect(await ids(me.cookie, 'tag=zeppelin')).toEqual([id]);
    expect(await ids(me.cookie, `tag=${encodeURIComponent(firstTag.label)}`)).toEqual([]);

    // A re-tag keeps the person's alt text and tags; the engine's new title becomes searchable, the old one not.
    await hub.app.get(ImageRepository).markDone(me.id, id, resultOf({ title: 'Moonwalk' }), 'test', new Date());
    expect(await ids(me.cookie, 'q=moonwalk')).toEqual([id]);
    expect(await ids(me.cookie, 'q=spacesuit')).toEqual([id]);
    expect(await ids(me.cookie, 'tag=zeppelin')).toEqual([id]);
  });

  it('filters by status, source, language and review needed', async () => {
    const me = await owner();
    const queued = await seed(me.id, { status: 'queued' });
    const failed = await seed(me.id, { status: 'failed' });
    const uploaded = await seed(me.id, { source: { source: 'upload' }, language: 'de' });
    const shopify = await seed(me.id, { source: { source: 'connector', connector: 'shopify' }, review: true });
    const drive = await seed(me.id, { source: { source: 'connector', connector: 'google-drive' } });
    const slack = await seed(me.id, { source: { source: 'connector', connector: 'slack' }, language: 'fr' });
    const doubtful = await seed(me.id, { review: true, language: 'de' });
    const api = [doubtful, failed, queued];

    expect(await ids(me.cookie, 'status=queued')).toEqual([queued]);
    expect(await ids(me.cookie, 'status=failed')).toEqual([failed]);
    expect(await ids(me.cookie, 'status=done')).toEqual([doubtful, slack, drive, shopify, uploaded]);
    expect(await ids(me.cookie, 'source=upload')).toEqual([uploaded]);
    expect(await ids(me.cookie, 'source=api')).toEqual(api);
    expect(await ids(me.cookie, 'source=shopify')).toEqual([shopify]);
    expect(await ids(me.cookie, 'source=drive')).toEqual([drive]);
    expect(await ids(me.cookie, 'source=slack')).toEqual([slack]);
    expect(await ids(me.cookie, 'source=url')).toEqual([]);
    expect(await ids(me.cookie, 'language=de')).toEqual([doubtful, uploaded]);
    expect(await ids(me.cookie, 'review=needed')).toEqual([doubtful, shopify]);
    expect(await ids(me.cookie, 'review=needed&source=shopify')).toEqual([shopify]);
    expect(await ids(me.cookie, 'review=needed&language=de&status=done')).toEqual([doubtful]);
  });

  it('filters by a date range: "from" inclusive, "to" exclusive, a day counting whole', async () => {
    const me = await owner();
    const created: Array<{ id: string; at: string }> = [];
    for (let index = 0; index < 3; index++) {
      const id = await seed(me.id, {});
      const image = await request(hub.http).get(`/v1/images/${id}`).set('Cookie', me.cookie).expect(200);
      created.push({ id, at: image.body.createdAt as string });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [first, second, third] = created;
    const range = (from: string, to: string) =>
      ids(me.cookie, `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);

    expect(await range(second.at, third.at)).toEqual([second.id]);
    expect(await ids(me.cookie, `from=${encodeURIComponent(second.at)}`)).toEqual([third.id, second.id]);
    expect(await ids(me.cookie, `to=${encodeURIComponent(second.at)}`)).toEqual([first.id]);
    const today = first.at.slice(0, 10);
    const yesterday = new Date(Date.parse(today) - 24 * 3600 * 1000).toISOString().slice(0, 10);
    expect(await range(today, today)).toEqual([third.id, second.id, first.id]);
    expect(await ids(me.cookie, `to=${yesterday}`)).toEqual([]);
  });

  it('pages through filtered results with the cursor, newest first, none twice and none left out', async () => {
    const me = await owner();
    const tagged: string[] = [];
    for (let index = 0; index < 7; index++) {
      tagged.unshift(await seed(me.id, { tags: ['lighthouse'], text: `page ${index}` }));
      await seed(me.id, { tags: ['harbour'] });
    }
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `tag=lighthouse&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await request(hub.http).get(`/v1/images?${query}`).set('Authorization', `Bearer ${me.apiKey}`);
      expect(page.status).toBe(200);
      const items = page.body.items as ImageView[];
      sizes.push(items.length);
      for (const image of items) expect(image.result?.tags.map((tag) => tag.label)).toEqual(['lighthouse']);
      seen.push(...items.map((image) => image.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(tagged);
  });

  it('finds results stored without search terms once the index is rebuilt, and keeps each owner to their own', async () => {
    const alice = await owner();
    const bob = await owner();
    const hers = await seed(alice.id, { tags: ['lighthouse'], altText: 'A lighthouse at dusk' });
    const his = await seed(bob.id, { tags: ['lighthouse'] });
    // As a result stored before search existed: no terms.
    await hub.app
      .get<Database>(DATABASE)
      .prisma.imageSearchTerm.deleteMany({ where: { imageId: { in: [hers, his] } } });
    expect(await ids(alice.cookie, 'tag=lighthouse')).toEqual([]);

    expect(await hub.app.get(ImageSearchIndex).rebuild()).toBeGreaterThanOrEqual(2);
    expect(await ids(alice.cookie, 'tag=lighthouse')).toEqual([hers]);
    expect(await ids(alice.cookie, 'q=dusk')).toEqual([hers]);
    expect(await ids(bob.cookie, 'tag=lighthouse')).toEqual([his]);
  });

  it("never matches another owner's identical tags and words, whose hashes differ", async () => {
    const alice = await owner();
    const bob = await owner();
    const same: Seed = { tags: ['secret garden'], altText: 'The secret garden gate', review: true };
    const hers = await seed(alice.id, same);
    const his = await seed(bob.id, same);

    expect(await ids(alice.cookie, `tag=${encodeURIComponent('secret garden')}`)).toEqual([hers]);
    expect(await ids(bob.cookie, `tag=${encodeURIComponent('secret garden')}`)).toEqual([his]);
    expect(await ids(alice.cookie, 'q=gate')).toEqual([hers]);
    expect(await ids(bob.cookie, 'review=needed&q=garden')).toEqual([his]);

    const prisma = hub.app.get<Database>(DATABASE).prisma;
    const hashes = async (imageId: string) =>
      (await prisma.imageSearchTerm.findMany({ where: { imageId } })).map((row) =>
        Buffer.from(row.hash).toString('hex'),
      );
    const [herHashes, hisHashes] = [await hashes(hers), await hashes(his)];
    // The tag, the words "the", "secret", "garden" and "gate", and the review term.
    expect(herHashes).toHaveLength(6);
    expect(herHashes.filter((hash) => hisHashes.includes(hash))).toEqual([]);
  });

  it.each([
    ['status=finished', 'status'],
    ['source=dropbox', 'source'],
    ['tags=some&tag=a', 'tags'],
    ['from=yesterday', 'from'],
    ['to=2026-13-01', 'to'],
    ['from=2026-12-06&to=2026-12-01', 'to'],
    ['review=maybe', 'review'],
    ['language=xx', 'language'],
    ['tag=', 'tag'],
    ['q=%21%3F%21', 'q'],
    ['colour=red', 'colour'],
  ])('answers 400 to %s, naming %s', async (query, parameter) => {
    const me = await owner();
    const answer = await request(hub.http).get(`/v1/images?${query}`).set('Cookie', me.cookie).expect(400);
    expect(answer.body.error.code).toBe('invalid_request');
    expect(answer.body.error.message).toMatch(new RegExp(`(^|; |")${parameter}("|:)`));
  });
});
