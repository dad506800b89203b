#!/usr/bin/env node
'use strict';
// Catalog backfill of a large Shopify store against the fake Admin API (tests/shopify/fake-shop.ts), which prices
// every query, enforces the plan's leaky bucket and serves the bulk export's JSONL file. The built hub runs in
// server mode (one API process, one worker) on PostgreSQL + Redis with the shipped settings.
// Reports: products per minute, the share of the time spent waiting for the store's rate limit, and the worker's
// memory (idle baseline beside the peak while it reads the bulk file).
// Usage: npm run build && node tools/bench/shopify-backfill.js [--products 5000] [--plan standard]
const { randomBytes } = require('node:crypto');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { buildSync } = require('esbuild');
const sharp = require('sharp');
const { REPO_ROOT, createDatabase, startHub, sessionFor, machine } = require('./support/hub-processes');
const { childNodeOptions } = require('../../tests/support/loopback-only');
const { fakeShopifyNodeOptions } = require('../../tests/support/fake-shopify-route');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

/** The TypeScript fake, bundled on the fly so this script needs no TypeScript runtime. */
function loadFakeShop() {
  const outfile = join(tmpdir(), `tagphoto-fake-shop-${process.pid}.js`);
  buildSync({
    entryPoints: [join(REPO_ROOT, 'tests', 'shopify', 'fake-shop.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    define: { __dirname: JSON.stringify(join(REPO_ROOT, 'tests', 'shopify')) },
    logLevel: 'warning',
  });
  try {
    return require(outfile);
  } finally {
    rmSync(outfile, { force: true });
  }
}

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

async function main() {
  const products = Number(option('products', '5000'));
  const plan = option('plan', 'standard');
  const { FakeShop, FakeShopify, PLANS, SHOPIFY_ENV, API_KEY, API_SECRET } = loadFakeShop();
  const helpers = require('@shopify/shopify-api/test-helpers');

  // One small image per product (a 128 px thumbnail of the engine's fixture photos).
  const photosDir = join(REPO_ROOT, 'libs', 'tagging', 'fixtures', 'photos');
  const photos = await Promise.all(
    ['coffee.jpg', 'chelsea.jpg', 'fruits.jpg', 'astronaut.jpg'].map((name) =>
      sharp(readFileSync(join(photosDir, name)))
        .resize(128)
        .jpeg()
        .toBuffer(),
    ),
  );
  const shop = new FakeShop(plan, photos);
  shop.addProducts(products, () => 1);
  await shop.serve();
  const fake = await FakeShopify.shared();

  const database = await createDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'tagphoto-shopify-bench-'));
  const env = {
    ...SHOPIFY_ENV,
    DATABASE_URL: database.url,
    REDIS_URL: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
    TAGPHOTO_QUEUE_PREFIX: `bench-shopify-${randomBytes(4).toString('hex')}`,
    TAGPHOTO_DATA_DIR: dataDir,
    TAGPHOTO_MASTER_KEY: randomBytes(32).toString('base64'),
    TAGPHOTO_RATE_LIMIT_API: '1000000',
    TAGPHOTO_FAKE_SHOPIFY: fake.origin,
    NODE_OPTIONS: fakeShopifyNodeOptions(childNodeOptions()),
  };
  const hubs = [];
  try {
    const api = await startHub({ ...env, HUB_ROLE: 'api' });
    hubs.push(api);
    const worker = await startHub({ ...env, HUB_ROLE: 'worker' });
    hubs.push(worker);

    const cookie = await sessionFor(api);
    const key = await fetch(`${api.url}/v1/api-keys`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{"name":"bench"}',
    });
    const apiKey = (await key.json()).key;
    const { token } = await helpers.getJwt(shop.name, API_KEY, API_SECRET);
    const install = await fetch(`${api.url}/shopify/api/install`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey }),
    });
    if (install.status !== 201) throw new Error(`install answered ${install.status}: ${await install.text()}`);
    const { connectionId } = await install.json();

    const baselineRss = worker.rssMb();
    const backfillUrl = `${api.url}/v1/connections/${connectionId}/shopify/backfill`;
    const started = Date.now();
    const start = await fetch(backfillUrl, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    if (start.status !== 202) throw new Error(`backfill answered ${start.status}`);

    let progress;
    let taggingStarted;
    let peakTaggingRss = 0;
    // RSS early and late in the file: a streamed read stays flat as the read position grows.
    const rssAtShare = {};
    for (;;) {
      progress = await (await fetch(backfillUrl, { headers: { cookie } })).json();
      if (progress.phase === 'tagging' || progress.status === 'done') {
        taggingStarted ??= Date.now();
        const rss = worker.rssMb();
        peakTaggingRss = Math.max(peakTaggingRss, rss);
        for (const share of [0.1, 0.5, 0.9])
          if (progress.processed >= share * products && rssAtShare[share] === undefined)
            rssAtShare[share] = +rss.toFixed(0);
      }
      if (progress.status === 'done' || progress.lastError) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const elapsedMs = Date.now() - started;
    if (progress.status !== 'done') throw new Error(`the backfill stopped: ${progress.lastError}`);
    const rate = shop.rateCheck();
    const result = {
      machine: machine(),
      plan: `${plan} (${PLANS[plan].restoreRate} points/s, bucket ${PLANS[plan].maximumAvailable})`,
      products: progress.processed,
      imagesTagged: progress.imagesTagged,
      elapsedSeconds: +(elapsedMs / 1000).toFixed(1),
      exportSeconds: +(((taggingStarted ?? Date.now()) - started) / 1000).toFixed(1),
      productsPerMinute: +((progress.processed / elapsedMs) * 60_000).toFixed(1),
      rateLimitWaitSeconds: +((progress.rateLimitWaitMs ?? 0) / 1000).toFixed(1),
      rateLimitWaitShare: +((progress.rateLimitWaitMs ?? 0) / elapsedMs).toFixed(3),
      throttledAnswers: shop.throttledAnswers,
      pointsSpent: Math.round(rate.points),
      pointsPerSecond: +(rate.points / Math.max(1, rate.seconds)).toFixed(1),
      worstExcessOverPlan: Math.round(rate.worstExcess),
      bulkFileBytes: shop.bulkFileSize(),
      workerRssMb: {
        idleBaseline: +baselineRss.toFixed(0),
        peakWhileReadingBulkFile: +peakTaggingRss.toFixed(0),
        atShareOfFile: rssAtShare,
        processPeakHwm: +peakRssMb(worker.child.pid).toFixed(0),
      },
      alt: shop.callsOf('TagPhotoAltText').length,
      tagsAdd: shop.callsOf('TagPhotoTags').length,
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await Promise.all(hubs.map((hub) => hub.stop('SIGTERM')));
    await FakeShopify.closeShared();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
