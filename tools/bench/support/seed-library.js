'use strict';
/**
 * Seeds a library of tagged images for one owner straight into PostgreSQL, as the hub would have stored them: image
 * rows, results sealed with the hub's master key, and the keyed hashes of their search terms (libs/privacy's own
 * functions, so what is seeded is what the hub writes and queries). Multi-row INSERTs from arrays (unnest), a few
 * thousand rows a statement. The words are drawn with a Zipf spread from the engine's own label lists, so a few
 * tags and words are everywhere and most are rare, as in a real catalogue.
 */
const { randomUUID } = require('node:crypto');
const { Client } = require('pg');
const { ownerSearchKey, searchTermHash, searchTermsOf, seal } = require('@tagphoto/privacy');
const { IMAGENET_LABELS } = require('@tagphoto/tagging/dist/labels/imagenet-labels');
const { COCO_LABELS } = require('@tagphoto/tagging/dist/labels/coco-labels');
const { CATEGORY_KEYS } = require('@tagphoto/tagging/dist/labels/imagenet-categories');

const BATCH = 2000;
const YEAR_MS = 365 * 24 * 3600 * 1000;
const COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'brown', 'black', 'white', 'grey'];
const PLACES = ['beach', 'street', 'kitchen', 'forest', 'studio', 'garden', 'office', 'harbour', 'market', 'field'];
const ADJECTIVES = ['small', 'large', 'bright', 'dark', 'old', 'new', 'wooden', 'shiny', 'quiet', 'busy', 'wet'];
const SIGN_WORDS = ['sale', 'open', 'closed', 'exit', 'menu', 'price', 'organic', 'fresh', 'coffee', 'hotel', 'stop'];
const SOURCES = [
  ['upload', null, 0.3],
  ['api', null, 0.3],
  ['url', null, 0.05],
  ['connector', 'shopify', 0.2],
  ['connector', 'google-drive', 0.1],
  ['connector', 'slack', 0.05],
];
const LANGUAGES = [
  ['en', 0.7],
  ['de', 0.1],
  ['fr', 0.08],
  ['es', 0.06],
  ['it', 0.06],
];

/** A deterministic generator (mulberry32): the same library every run. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from `items` with a Zipf spread (exponent 1): item k about 1/k as often as the first. */
function zipf(items, random) {
  const weights = items.map((_, index) => 1 / (index + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const cumulative = [];
  weights.reduce((sum, weight) => (cumulative.push((sum + weight) / total), sum + weight), 0);
  return () => {
    const target = random();
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return items[low];
  };
}

function weighted(choices, random) {
  return () => {
    let target = random();
    for (const choice of choices) if ((target -= choice[choice.length - 1]) <= 0) return choice;
    return choices[choices.length - 1];
  };
}

function picker(random) {
  const one = (items) => items[Math.floor(random() * items.length)];
  const object = zipf(COCO_LABELS, random);
  const thing = zipf(IMAGENET_LABELS, random);
  const category = zipf(CATEGORY_KEYS, random);
  const sign = zipf(SIGN_WORDS, random);
  const source = weighted(SOURCES, random);
  const language = weighted(LANGUAGES, random);
  const distinct = (count, draw) => [...new Set(Array.from({ length: count }, draw))];
  return { one, object, thing, category, sign, source, language, distinct };
}

/** One result of the engine's shape, with its texts built from the drawn labels. */
function resultFor(pick, random) {
  const main = pick.thing();
  const objects = pick.distinct(1 + Math.floor(random() * 3), pick.object);
  const place = pick.one(PLACES);
  const colour = pick.one(COLOURS);
  const labels = [
    pick.category(),
    ...objects,
    main,
    ...pick.distinct(1 + Math.floor(random() * 3), pick.thing),
    colour,
  ];
  const needed = random() < 0.08;
  return {
    tags: [...new Set(labels)].map((label, index) => ({
      label,
      confidence: Math.max(0.3, 0.95 - index * 0.08),
      source: 'labels',
    })),
    title: `${pick.one(ADJECTIVES)} ${main}`,
    description: `A ${colour} ${main} in a ${place}, with ${objects.join(' and ')} nearby. The light is ${pick.one(ADJECTIVES)}.`,
    altText: `${pick.one(ADJECTIVES)} ${colour} ${main} with ${objects[0]} in a ${place}`,
    text:
      random() < 0.25
        ? `${pick.distinct(2 + Math.floor(random() * 5), pick.sign).join(' ')} ${Math.floor(random() * 1000)}`
        : '',
    objects: [],
    colors: [],
    safety: { rating: 'safe', scores: {} },
    faces: { count: 0 },
    review: { needed, reasons: needed ? ['low-confidence subject'] : [] },
    sources: { title: 'built-in', description: 'built-in', altText: 'built-in', tags: 'built-in' },
    width: 1200,
    height: 800,
    language: 'en',
    models: { engine: 'seed-library' },
  };
}

/**
 * Inserts `count` images of `ownerId`: 98% done with a result, 2% failed; created over the last year. Resolves to what was seeded (how many, how many search terms, how long it took).
 */
async function seedLibrary({ databaseUrl, ownerId, master, count, seed = 20 }) {
  const random = generator(seed);
  const pick = picker(random);
  const ownerKey = ownerSearchKey(master, ownerId);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  let terms = 0;
  try {
    // A throwaway database: durability of each commit is not what is measured.
    await client.query('SET synchronous_commit = off');
    const restoreTermIndexes = await dropTermIndexes(client);
    for (let offset = 0; offset < count; offset += BATCH) {
      const images = [];
      const results = [];
      const searchTerms = [];
      for (let index = offset; index < Math.min(count, offset + BATCH); index++) {
        const id = randomUUID();
        const [source, connector] = pick.source();
        const [language] = pick.language();
        const createdAt = new Date(started - Math.floor(random() * YEAR_MS));
        // None left queued: the hub's recovery would dispatch them to be tagged again in the middle of the measurement.
        const status = random() < 0.02 ? 'failed' : 'done';
        images.push({ id, source, connector, language, createdAt, status });
        if (status !== 'done') continue;
        const result = { ...resultFor(pick, random), language };
        results.push({ id, payload: seal(Buffer.from(JSON.stringify(result)), master), language });
        for (const { kind, term } of searchTermsOf(result))
          searchTerms.push({ id, kind, hash: Buffer.from(searchTermHash(ownerKey, kind, term)), createdAt });
      }
      await insertBatch(client, ownerId, master.id, images, results, searchTerms);
      terms += searchTerms.length;
    }
    await restoreTermIndexes();
    // As autovacuum leaves tables after a bulk insert: statistics fresh, pages marked all-visible.
    await client.query('VACUUM ANALYZE "Image", "TaggingResult", "ImageSearchTerm"');
  } finally {
    await client.end();
  }
  return { images: count, terms, seconds: (Date.now() - started) / 1000 };
}

/**
 * Millions of term rows load several times faster into a bare table: drops the term table's keys and indexes as the
 * migrations made them, and returns what builds them again, from their own definitions, once the rows are in.
 */
async function dropTermIndexes(client) {
  const { rows: constraints } = await client.query(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = '"ImageSearchTerm"'::regclass`,
  );
  const { rows: indexes } = await client.query(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
     WHERE tablename = 'ImageSearchTerm' AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
  );
  for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
  for (const constraint of constraints)
    await client.query(`ALTER TABLE "ImageSearchTerm" DROP CONSTRAINT "${constraint.name}"`);
  return async () => {
    await client.query("SET maintenance_work_mem = '256MB'");
    for (const constraint of constraints)
      await client.query(`ALTER TABLE "ImageSearchTerm" ADD CONSTRAINT "${constraint.name}" ${constraint.definition}`);
    for (const index of indexes) await client.query(index.definition);
  };
}

async function insertBatch(client, ownerId, keyId, images, results, searchTerms) {
  const column = (rows, key) => rows.map((row) => row[key]);
  // timestamp(3) columns hold UTC, as Prisma writes them.
  const times = (rows) => rows.map((row) => row.createdAt.toISOString().replace('T', ' ').replace('Z', ''));
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO "Image" ("id", "ownerId", "source", "connector", "fileName", "mimeType", "byteSize", "sha256",
       "stored", "language", "status", "attempts", "error", "createdAt", "updatedAt", "finishedAt", "announcedAt")
     SELECT id, $1, source, connector, id::text || '.jpg', 'image/jpeg', 250000, repeat('0', 64), false, language,
       status, 1, CASE WHEN status = 'failed' THEN 'not an image' END, created, created, created, created
     FROM unnest($2::uuid[], $3::"ImageSource"[], $4::text[], $5::text[], $6::"ImageStatus"[], $7::timestamp(3)[])
       AS batch(id, source, connector, language, status, created)`,
    [
      ownerId,
      column(images, 'id'),
      column(images, 'source'),
      column(images, 'connector'),
      column(images, 'language'),
      column(images, 'status'),
      times(images),
    ],
  );
  await client.query(
    `INSERT INTO "TaggingResult" ("id", "imageId", "ownerId", "payload", "keyId", "engineVersion", "language")
     SELECT gen_random_uuid(), image, $1, payload, $2, 'seed-library', language
     FROM unnest($3::uuid[], $4::bytea[], $5::text[]) AS batch(image, payload, language)`,
    [ownerId, keyId, column(results, 'id'), column(results, 'payload'), column(results, 'language')],
  );
  await client.query(
    `INSERT INTO "ImageSearchTerm" ("imageId", "ownerId", "kind", "hash", "createdAt")
     SELECT image, $1, kind, hash, created
     FROM unnest($2::uuid[], $3::"SearchTermKind"[], $4::bytea[], $5::timestamp(3)[]) AS batch(image, kind, hash, created)`,
    [ownerId, column(searchTerms, 'id'), column(searchTerms, 'kind'), column(searchTerms, 'hash'), times(searchTerms)],
  );
  await client.query('COMMIT');
}

/** What people search such a library for, drawn with the library's own spread: a tag, a word of its texts. */
function searchesFor(seed) {
  const random = generator(seed);
  const pick = picker(random);
  const wordSources = [pick.thing, pick.object, () => pick.one(PLACES), () => pick.one(ADJECTIVES), pick.sign];
  return {
    tag: () => (random() < 0.5 ? pick.thing() : pick.object()),
    word: () => pick.one(pick.one(wordSources)().split(' ')),
  };
}

module.exports = { seedLibrary, searchesFor };
