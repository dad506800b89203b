// The fake Shopify first: its module loads the fetch reroute the hub processes also get through NODE_OPTIONS.
import { API_KEY, API_SECRET, FakeShop, FakeShopify, PLANS, SHOPIFY_ENV } from './fake-shop';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import sharp from 'sharp';
import { fakeShopifyNodeOptions } from '../support/fake-shopify-route';
import { PHOTOS, REDIS_URL } from '../support/hub';
import { createApiKey, HubProcess, killableHubEnv, signUpAndSignIn, startHubProcess } from '../support/hub-process';
import { childNodeOptions } from '../support/loopback-only';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { untilReachable } from '../support/until';

const helpers = require('@shopify/shopify-api/test-helpers') as {
  getJwt(store: string, apiKey: string, apiSecretKey: string): Promise<{ token: string }>;
};

/** A few hundred products with 0–3 small images each: large enough for a bulk export, small enough for CI. */
const PRODUCTS = 240;
const imagesOf = (index: number): number => index % 4;

interface Progress {
  status: string;
  processed: number;
  total: number | null;
  imagesTagged: number;
  mode?: string;
  phase?: string;
  lastError: string | null;
}

describe('Shopify catalog backfill through a bulk operation, with the worker killed midway', () => {
  let database: TestDatabase;
  let dataDir: string;
  let api: HubProcess | undefined;
  const workers: HubProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-shopify-kill-'));
  });
  afterAll(async () => {
    await Promise.all(
      [api, ...workers].filter((process): process is HubProcess => !!process).map((process) => process.stop('SIGKILL')),
    );
    await FakeShopify.closeShared();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("tags every image once and writes each result once, within the plan's rate", async () => {
    // Small product photos (128 px), as a CDN thumbnail would be.
    const photos = await Promise.all(
      ['coffee.jpg', 'chelsea.jpg', 'fruits.jpg', 'astronaut.jpg'].map(async (name) =>
        sharp(await readFile(join(PHOTOS, name)))
          .resize(128)
          .jpeg()
          .toBuffer(),
      ),
    );
    const shop = new FakeShop('standard', photos);
    shop.addProducts(PRODUCTS, imagesOf);
    await shop.serve();
    const fake = await FakeShopify.shared();

    const env = {
      ...SHOPIFY_ENV,
      ...killableHubEnv({ databaseUrl: database.url, redisUrl: REDIS_URL, dataDir, queuePrefix: 'shopify-kill' }),
      TAGPHOTO_FAKE_SHOPIFY: fake.origin,
      NODE_OPTIONS: fakeShopifyNodeOptions(childNodeOptions()),
    };
    api = await startHubProcess({ ...env, HUB_ROLE: 'api', LOG_LEVEL: 'warn' });
    workers.push(await startHubProcess({ ...env, HUB_ROLE: 'worker' }));

    const cookie = await signUpAndSignIn(api.url, 'shopify-kill@example.com');
    const { key: apiKey } = await createApiKey(api.url, cookie, 'shopify');
    const { token } = await helpers.getJwt(shop.name, API_KEY, API_SECRET);
    const install = await fetch(`${api.url}/shopify/api/install`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey }),
    });
    expect(install.status).toBe(201);
    const connectionId = ((await install.json()) as { connectionId: string }).connectionId;
    const hub = api;
    shop.deliverWebhook = (headers, body) => fetch(`${hub.url}/webhooks/shopify`, { method: 'POST', headers, body });

    const backfillUrl = `${api.url}/v1/connections/${connectionId}/shopify/backfill`;
    const progress = async (): Promise<Progress> =>
      (await (await fetch(backfillUrl, { headers: { cookie } })).json()) as Progress;
    const start = await fetch(backfillUrl, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(start.status).toBe(202);

    // Killed while tagging the export's file, a third of the way through.
    const cut = await untilReachable(
      'a third of the catalog tagged',
      async () => {
        const now = await progress();
        return now.processed >= PRODUCTS / 3 ? now : undefined;
      },
      120_000,
    );
    expect(cut).toMatchObject({ status: 'running', mode: 'bulk', total: PRODUCTS });
    await workers[0].stop('SIGKILL');
    workers[0] = await startHubProcess({ ...env, HUB_ROLE: 'worker' });

    const done = await untilReachable(
      'the backfill to finish',
      async () => {
        const now = await progress();
        return now.status === 'done' ? now : undefined;
      },
      240_000,
    );
    expect(done).toMatchObject({ status: 'done', mode: 'bulk', processed: PRODUCTS, total: PRODUCTS, lastError: null });

    // One export, read across the restart; no query over the cap, nothing refused but (rarely) THROTTLED.
    expect(shop.callsOf('TagPhotoBulkCatalog')).toHaveLength(1);
    expect(shop.refusals.filter((refusal) => refusal.code !== 'THROTTLED')).toEqual([]);
    for (const charge of shop.charges) expect(charge.requested).toBeLessThanOrEqual(1000);

    // Every image written exactly once, every product with images tagged exactly once.
    const mediaIds = shop.products.flatMap((product) => product.media.map((media) => media.id));
    const altWrites = shop
      .callsOf('TagPhotoAltText')
      .flatMap((call) => (call.variables.files as Array<{ id: string }>).map((file) => file.id));
    expect(altWrites.length).toBe(mediaIds.length);
    expect(new Set(altWrites)).toEqual(new Set(mediaIds));
    for (const call of shop.callsOf('TagPhotoAltText'))
      expect((call.variables.files as unknown[]).length).toBeLessThanOrEqual(250);
    const tagWrites = shop.callsOf('TagPhotoTags').map((call) => call.variables.id as string);
    expect(tagWrites.sort()).toEqual(
      shop.products
        .filter((product) => product.media.length > 0)
        .map((product) => product.id)
        .sort(),
    );

    // Every image has one finished tagging by the engine, and the alt text written is that result's.
    const sql = new Client({ connectionString: database.url });
    await sql.connect();
    try {
      const items = await sql.query<{ externalId: string; imageId: string; contentHash: string }>(
        'SELECT "externalId", "imageId", "contentHash" FROM "ConnectorItem" WHERE "connectionId" = $1',
        [connectionId],
      );
      expect(items.rows.map((row) => row.externalId).sort()).toEqual([...mediaIds].sort());
      expect(items.rows.every((row) => !row.contentHash.endsWith(':pending'))).toBe(true);
      const done = await sql.query(
        'SELECT count(*) AS images, count(DISTINCT i.id) AS distinct FROM "Image" i JOIN "TaggingResult" r ON r."imageId" = i.id WHERE i.status = $1',
        ['done'],
      );
      expect(Number(done.rows[0].images)).toBe(mediaIds.length);
      expect(new Set(items.rows.map((row) => row.imageId)).size).toBe(mediaIds.length);
      // An image the engine was working on when the worker died has no result; it is tagged once, after the restart.
      const unfinished = await sql.query('SELECT count(*) AS n FROM "Image" WHERE status <> $1', ['done']);
      expect(Number(unfinished.rows[0].n)).toBeLessThanOrEqual(1);
    } finally {
      await sql.end();
    }
    expect(done.imagesTagged).toBe(mediaIds.length);

    // The fake's accounting: in no window did the connector spend more than the bucket plus the restore rate.
    const rate = shop.rateCheck();
    expect(rate.worstExcess).toBeLessThanOrEqual(0);
    expect(rate.points / Math.max(1, rate.seconds)).toBeLessThanOrEqual(
      PLANS.standard.restoreRate + PLANS.standard.maximumAvailable / Math.max(1, rate.seconds),
    );
  }, 420_000);
});
