import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import request from 'supertest';
import {
  BULK_IMAGE_LIMIT,
  IMAGE_CSV_COLUMNS,
  IMAGE_CSV_IMPORT_MAX_BYTES,
  type ImageView,
  type TaggingResult,
} from '@tagphoto/contracts';
import { taggingResult } from '../../libs/contracts/testing/tagging-result';
import { ImageRepository, type NewImage } from '../../apps/hub/src/modules/images/image.repository';
import { toImageView } from '../../apps/hub/src/modules/images/images.service';
import { ReviewQueueService } from '../../apps/hub/src/modules/review/review-queue.service';
import { ReviewService } from '../../apps/hub/src/modules/review/review.service';
import { newOwner, PHOTOS, seedImage, startTestHub, tagAndWait, TestHub, waitForImage } from '../support/hub';

interface Seed {
  tags?: string[];
  title?: string;
  altText?: string;
  description?: string;
  review?: boolean;
  source?: Pick<NewImage, 'source' | 'connector' | 'externalId'>;
  /** Left queued (no result). */
  queued?: boolean;
}

function resultOf(seed: Seed): TaggingResult {
  return taggingResult({
    tags: (seed.tags ?? ['lighthouse']).map((label) => ({ label, confidence: 0.9, source: 'labels' })),
    title: seed.title ?? 'A lighthouse',
    description: seed.description ?? 'A white lighthouse on a rock.',
    altText: seed.altText ?? 'A white lighthouse under a grey sky',
    review: { needed: seed.review ?? false, reasons: seed.review ? ['low-confidence subject'] : [] },
  });
}

type Row = Record<(typeof IMAGE_CSV_COLUMNS)[number], string>;

describe.each(['server', 'embedded'] as const)(
  'CSV export, CSV import and bulk operations on images (%s mode)',
  (mode) => {
    let hub: TestHub;

    beforeAll(async () => {
      hub = await startTestHub({ mode });
    });
    afterAll(() => hub.close());

    const owner = () => newOwner(hub);

    /** An image recorded the way the hub records one; a result the engine flagged also waits in the review queue. */
    async function seed(ownerId: string, spec: Seed = {}): Promise<string> {
      const id = await seedImage(hub, ownerId, spec.source, spec.queued ? null : resultOf(spec));
      if (!spec.queued) {
        const image = await hub.app.get(ImageRepository).get(ownerId, id);
        await hub.app.get(ReviewQueueService).tagged(ownerId, toImageView(image!));
      }
      // Distinct creation instants keep newest-first order exact.
      await new Promise((resolve) => setTimeout(resolve, 3));
      return id;
    }

    async function exported(cookie: string, query = ''): Promise<{ text: string; rows: Row[] }> {
      const answer = await request(hub.http)
        .get(`/v1/images/export.csv${query}`)
        .set('Cookie', cookie)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
        })
        .expect(200);
      expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(answer.headers['content-disposition']).toMatch(
        /^attachment; filename="tagphoto-images-\d{4}-\d\d-\d\d\.csv"$/,
      );
      const text = answer.body as string;
      return { text, rows: parse<Row>(text, { bom: true, columns: true }) };
    }

    const importCsv = (cookie: string, csv: string) =>
      request(hub.http).post('/v1/images/import.csv').set('Cookie', cookie).set('Content-Type', 'text/csv').send(csv);

    const image = async (cookie: string, id: string) =>
      (await request(hub.http).get(`/v1/images/${id}`).set('Cookie', cookie).expect(200)).body as ImageView;

    describe('export', () => {
      it("writes every matching image, past one page, with its source reference, tags and review state, and no one else's", async () => {
        const me = await owner();
        const stranger = await owner();
        await seed(stranger.id, { altText: 'Not yours' });
        const shopify = await seed(me.id, {
          source: { source: 'connector', connector: 'shopify', externalId: 'gid://shopify/MediaImage/42' },
          tags: ['dog', 'beach'],
          title: 'Dog, running',
          altText: 'A brown dog running on "wet" sand',
          review: true,
        });
        const many: string[] = [];
        for (let index = 0; index < 104; index++) many.push(await seed(me.id, { queued: true }));

        const { text, rows } = await exported(me.cookie);
        expect(
          text.startsWith(
            '\uFEFFid,source,source_reference,file_name,title,alt_text,tags,description,language,review_state\n',
          ),
        ).toBe(true);
        expect(rows.map((row) => row.id)).toEqual([...many.reverse(), shopify]);
        expect(rows[rows.length - 1]).toEqual({
          id: shopify,
          source: 'shopify',
          source_reference: 'gid://shopify/MediaImage/42',
          file_name: `${shopify}.jpg`,
          title: 'Dog, running',
          alt_text: 'A brown dog running on "wet" sand',
          tags: 'dog; beach',
          description: 'A white lighthouse on a rock.',
          language: 'en',
          review_state: 'needed',
        });
        expect(rows[0]).toMatchObject({
          source: 'api',
          source_reference: '',
          title: '',
          alt_text: '',
          review_state: 'none',
        });
      });

      it('takes the filters of GET /v1/images and an API key, and answers 400 to a bad filter before any CSV', async () => {
        const me = await owner();
        const dog = await seed(me.id, { tags: ['dog'], altText: 'A dog asleep' });
        const cat = await seed(me.id, { tags: ['cat'], altText: 'A cat asleep', review: true });
        await seed(me.id, { tags: ['cat'], altText: 'A cat awake' });

        expect((await exported(me.cookie, '?tag=dog')).rows.map((row) => row.id)).toEqual([dog]);
        expect((await exported(me.cookie, '?q=asleep&tag=cat')).rows.map((row) => row.id)).toEqual([cat]);
        expect((await exported(me.cookie, '?review=needed')).rows.map((row) => row.id)).toEqual([cat]);
        expect((await exported(me.cookie, '?tag=zebra')).rows).toEqual([]);
        const withKey = await request(hub.http)
          .get('/v1/images/export.csv?tag=dog')
          .set('Authorization', `Bearer ${me.apiKey}`)
          .expect(200);
        expect(withKey.text).toContain(dog);

        const bad = await request(hub.http).get('/v1/images/export.csv?q=%21%3F').set('Cookie', me.cookie).expect(400);
        expect(bad.body.error.message).toMatch(/^q:/);
        await request(hub.http).get('/v1/images/export.csv?limit=5').set('Cookie', me.cookie).expect(400);
        await request(hub.http).get('/v1/images/export.csv').expect(401);
      });

      it('guards cells a spreadsheet would run as formulas, and an import of the file as exported changes nothing', async () => {
        const me = await owner();
        const id = await seed(me.id, {
          altText: '=HYPERLINK("http://127.0.0.1:9/x","click")',
          title: '+1 sunset',
          tags: ['@home', '-x'],
        });
        const { text, rows } = await exported(me.cookie);
        expect(rows[0]).toMatchObject({
          alt_text: `'=HYPERLINK("http://127.0.0.1:9/x","click")`,
          title: "'+1 sunset",
          tags: "'@home; -x",
        });

        const report = await importCsv(me.cookie, text).expect(200);
        expect(report.body).toEqual({ changed: [], unchanged: 1, refused: [] });
        const after = await image(me.cookie, id);
        expect(after.result?.altText).toBe('=HYPERLINK("http://127.0.0.1:9/x","click")');
        expect(after.result?.editedFields).toEqual([]);
      });

      it('keeps the tag separator out of tags a person writes, so an exported tag list reads back as the same tags', async () => {
        const me = await owner();
        const id = await seed(me.id, { tags: ['rock', 'guitar'] });
        const refused = await request(hub.http)
          .patch(`/v1/images/${id}`)
          .set('Cookie', me.cookie)
          .send({ tags: ['rock; roll', 'guitar'] })
          .expect(400);
        expect(refused.body.error.message).toBe('tags.0: a tag cannot contain ";": it separates tags in CSV files');
        expect((await image(me.cookie, id)).result?.tags.map((tag: { label: string }) => tag.label)).toEqual([
          'rock',
          'guitar',
        ]);
      });
    });

    describe('import', () => {
      it("applies changed rows as a person's edits, counts unchanged ones, refuses bad rows with line and reason, and never touches another owner's image", async () => {
        const me = await owner();
        const stranger = await owner();
        const theirs = await seed(stranger.id, { altText: 'Their alt text' });
        const edited = await seed(me.id, { altText: 'Old alt text', title: 'Old title', tags: ['dog'] });
        const same = await seed(me.id, { altText: 'Stays as it is' });
        const emptied = await seed(me.id, { altText: 'Keeps its alt text' });
        const waiting = await seed(me.id, { queued: true });
        const published = jest.spyOn(hub.app.get(ReviewService), 'personEdited');

        const csv = stringify([
          ['id', 'title', 'alt_text', 'tags', 'description'],
          [edited, 'Old title', 'A new alt text, by a person', 'dog; puppy', 'ignored on import'],
          [same, 'A lighthouse', 'Stays as it is', 'lighthouse', ''],
          [theirs, 'Stolen', 'Stranger was here', 'x', ''],
          [randomUUID(), 'Nobody', 'Nobody', 'x', ''],
          [emptied, 'A lighthouse', '   ', 'lighthouse', ''],
          [waiting, 'Too soon', 'Too soon', 'x', ''],
          ['not-a-uuid', 'x', 'x', 'x', ''],
          [same, 'twice'],
        ]);
        const report = await importCsv(me.cookie, csv).expect(200);
        expect(report.body).toEqual({
          changed: [edited],
          unchanged: 1,
          refused: [
            { line: 4, id: theirs, reason: 'no image of yours has this id' },
            { line: 5, id: expect.any(String), reason: 'no image of yours has this id' },
            { line: 6, id: emptied, reason: 'the alt text is empty' },
            { line: 7, id: waiting, reason: expect.stringMatching(/^the image has no result yet \(status queued\)/) },
            { line: 8, id: 'not-a-uuid', reason: 'its id is not an image id (a UUID as exported)' },
            { line: 9, id: same, reason: 'has 2 cells where the first line names 5 columns' },
          ],
        });

        const now = await image(me.cookie, edited);
        expect(now.result).toMatchObject({ altText: 'A new alt text, by a person', title: 'Old title' });
        expect(now.result?.tags.map((tag) => tag.label)).toEqual(['dog', 'puppy']);
        // Only what the row changed is the person's; the title was the same.
        expect(now.result?.editedFields).toEqual(['altText', 'tags']);
        // The same path as PATCH: a connector's item would get the edit through the review-publish job.
        expect(published).toHaveBeenCalledWith(me.id, edited, ['altText', 'tags']);
        published.mockRestore();
        expect((await image(me.cookie, emptied)).result?.altText).toBe('Keeps its alt text');
        const untouched = await request(hub.http)
          .get(`/v1/images/${theirs}`)
          .set('Cookie', stranger.cookie)
          .expect(200);
        expect(untouched.body.result).toMatchObject({ altText: 'Their alt text', editedFields: [] });

        // Re-tagging keeps what the import wrote, as it keeps any person's edit.
        await hub.app
          .get(ImageRepository)
          .markDone(me.id, edited, resultOf({ altText: 'Engine again' }), 'test', new Date());
        expect((await image(me.cookie, edited)).result?.altText).toBe('A new alt text, by a person');
      });

      it('refuses other content types (415), a file over the limit (413) and a file that is not CSV (400)', async () => {
        const me = await owner();
        const id = await seed(me.id);
        const csv = `id,alt_text\n${id},Changed\n`;
        for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
          const answer = await request(hub.http)
            .post('/v1/images/import.csv')
            .set('Cookie', me.cookie)
            .set('Content-Type', type)
            .send(type === 'application/json' ? JSON.stringify({ csv }) : csv)
            .expect(415);
          expect(answer.body.error.code).toBe('unsupported_media_type');
        }
        const tooLarge = await importCsv(me.cookie, csv + 'x'.repeat(IMAGE_CSV_IMPORT_MAX_BYTES)).expect(413);
        expect(tooLarge.body.error).toEqual({
          code: 'payload_too_large',
          message: expect.stringContaining(`${IMAGE_CSV_IMPORT_MAX_BYTES} bytes`),
        });
        const latin1 = await request(hub.http)
          .post('/v1/images/import.csv')
          .set('Cookie', me.cookie)
          .set('Content-Type', 'text/csv; charset=iso-8859-1')
          .send(csv)
          .expect(415);
        expect(latin1.body.error.code).toBe('unsupported_charset');
        const noHeader = await importCsv(me.cookie, `${id},Changed\n`).expect(400);
        expect(noHeader.body.error.code).toBe('invalid_csv');
        const notUtf8 = await request(hub.http)
          .post('/v1/images/import.csv')
          .set('Cookie', me.cookie)
          .set('Content-Type', 'text/csv')
          .send(Buffer.from(`id,alt_text\n${id},Caf\xe9\n`, 'latin1'))
          .expect(400);
        expect(notUtf8.body.error.code).toBe('invalid_csv');
        expect((await image(me.cookie, id)).result?.altText).toBe('A white lighthouse under a grey sky');
      });
    });

    describe('bulk', () => {
      const bulk = (auth: { cookie?: string; apiKey?: string }, body: object) => {
        const call = request(hub.http).post('/v1/images/bulk');
        return (
          auth.apiKey ? call.set('Authorization', `Bearer ${auth.apiKey}`) : call.set('Cookie', auth.cookie!)
        ).send(body);
      };

      it("deletes listed images, refuses another owner's and unknown ids, and leaves the other owner's image", async () => {
        const me = await owner();
        const stranger = await owner();
        const theirs = await seed(stranger.id);
        const [first, second, kept] = [await seed(me.id), await seed(me.id), await seed(me.id)];

        const answer = await bulk(me, { action: 'delete', ids: [first, theirs, second, 'nope', first] }).expect(200);
        expect(answer.body).toEqual({
          action: 'delete',
          matched: 5,
          done: [first, second],
          refused: [
            { id: theirs, error: { code: 'not_found', message: 'Image not found' } },
            { id: 'nope', error: { code: 'invalid_id', message: expect.any(String) } },
            { id: first, error: { code: 'invalid_id', message: expect.stringContaining('more than once') } },
          ],
        });
        await request(hub.http).get(`/v1/images/${first}`).set('Cookie', me.cookie).expect(404);
        await request(hub.http).get(`/v1/images/${kept}`).set('Cookie', me.cookie).expect(200);
        await request(hub.http).get(`/v1/images/${theirs}`).set('Cookie', stranger.cookie).expect(200);
      });

      it('deletes every image matching a filter, with an API key, and only those', async () => {
        const me = await owner();
        const stranger = await owner();
        const theirs = await seed(stranger.id, { tags: ['blurry'] });
        const blurry = [await seed(me.id, { tags: ['blurry'] }), await seed(me.id, { tags: ['blurry', 'dog'] })];
        const sharp = await seed(me.id, { tags: ['sharp'] });

        const answer = await bulk({ apiKey: me.apiKey }, { action: 'delete', filter: { tag: 'blurry' } }).expect(200);
        expect(answer.body).toEqual({ action: 'delete', matched: 2, done: [...blurry].reverse(), refused: [] });
        const left = await request(hub.http).get('/v1/images').set('Cookie', me.cookie).expect(200);
        expect((left.body.items as ImageView[]).map((item) => item.id)).toEqual([sharp]);
        await request(hub.http).get(`/v1/images/${theirs}`).set('Cookie', stranger.cookie).expect(200);
      });

      it('tags kept images again in another language, refusing those whose bytes are gone', async () => {
        const me = await owner();
        const photo = await readFile(join(PHOTOS, 'chelsea.jpg'));
        const kept = [
          (await tagAndWait(hub, me.cookie, photo, 'a.jpg')).body.id as string,
          (await tagAndWait(hub, me.cookie, photo, 'b.jpg')).body.id as string,
        ];
        const unstored = await seed(me.id);

        const answer = await bulk(me, { action: 'retag', language: 'de', ids: [...kept, unstored] }).expect(200);
        expect(answer.body).toMatchObject({
          action: 'retag',
          matched: 3,
          done: kept,
          refused: [{ id: unstored, error: { code: 'not_stored' } }],
        });
        for (const id of kept) {
          const image = await waitForImage(hub, me.apiKey, id, 60_000, me.cookie);
          expect(image).toMatchObject({ status: 'done', result: { language: 'de' } });
        }
        const wrong = await bulk(me, { action: 'retag', language: 'xx', ids: kept }).expect(400);
        expect(wrong.body.error.code).toBe('invalid_request');
      });

      it('approves flagged images by filter or by id through the review queue, refusing what is not under review', async () => {
        const me = await owner();
        const stranger = await owner();
        const theirs = await seed(stranger.id, { review: true });
        const flagged = [await seed(me.id, { review: true }), await seed(me.id, { review: true, tags: ['cat'] })];
        const fine = await seed(me.id);

        const byFilter = await bulk(me, { action: 'approve', filter: { review: 'needed', tag: 'cat' } }).expect(200);
        expect(byFilter.body).toEqual({ action: 'approve', matched: 1, done: [flagged[1]], refused: [] });
        const byIds = await bulk(me, { action: 'approve', ids: [flagged[0], flagged[1], fine, theirs] }).expect(200);
        expect(byIds.body).toMatchObject({
          done: [flagged[0]],
          refused: [
            { id: flagged[1], error: { code: 'already_decided' } },
            { id: fine, error: { code: 'not_under_review' } },
            { id: theirs, error: { code: 'not_found' } },
          ],
        });
        const queue = await request(hub.http).get('/v1/review').set('Cookie', me.cookie).expect(200);
        expect(queue.body.total).toBe(0);
        const theirQueue = await request(hub.http).get('/v1/review').set('Cookie', stranger.cookie).expect(200);
        expect(theirQueue.body.items.map((item: { id: string }) => item.id)).toEqual([theirs]);
        const { rows } = await exported(me.cookie);
        expect(Object.fromEntries(rows.map((row) => [row.id, row.review_state]))).toEqual({
          [flagged[0]]: 'approved',
          [flagged[1]]: 'approved',
          [fine]: 'none',
        });
      });

      it(`refuses more than ${BULK_IMAGE_LIMIT} images, listed or matched, before doing anything (422)`, async () => {
        const me = await owner();
        const over = Array.from({ length: BULK_IMAGE_LIMIT + 1 }, () => randomUUID());
        const listed = await bulk(me, { action: 'delete', ids: over }).expect(422);
        expect(listed.body.error).toEqual({
          code: 'bulk_limit_exceeded',
          message: expect.stringContaining(`${BULK_IMAGE_LIMIT}`),
        });

        for (let index = 0; index < BULK_IMAGE_LIMIT + 1; index++) await seed(me.id, { queued: true });
        const matched = await bulk(me, { action: 'delete', filter: { status: 'queued' } }).expect(422);
        expect(matched.body.error.code).toBe('bulk_limit_exceeded');
        expect((await exported(me.cookie)).rows).toHaveLength(BULK_IMAGE_LIMIT + 1);
      });

      it.each<[object, string]>([
        [{ action: 'delete' }, 'neither ids nor filter'],
        [{ action: 'delete', ids: [randomUUID()], filter: { tag: 'x' } }, 'both ids and filter'],
        [{ action: 'rename', ids: [randomUUID()] }, 'an action it does not have'],
        [{ action: 'delete', ids: [] }, 'no ids'],
        [{ action: 'approve', filter: { status: 'finished' } }, 'a bad filter'],
      ])('answers 400 to %j (%s)', async (body) => {
        const me = await owner();
        const answer = await bulk(me, body).expect(400);
        expect(answer.body.error.code).toBe('invalid_request');
      });
    });
  },
);
