#!/usr/bin/env node
'use strict';
/**
 * Scale-out: one HUB_ROLE=api process and 1, then 2, HUB_ROLE=worker processes sharing PostgreSQL and Redis.
 * The same batch of photos is queued through the API each time; throughput is images finished per second.
 * On 2 cores, one worker uses 2 onnxruntime threads and two workers 1 thread each, so both runs use the whole
 * machine. Needs the built hub. Usage: node tools/bench/scale-out.js [--images 60]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const sharp = require('sharp');
const { REPO_ROOT, createDatabase, startHub, apiKeyFor, machine } = require('./support/hub-processes');

const count = (() => {
  const index = process.argv.indexOf('--images');
  return index >= 0 ? Number(process.argv[index + 1]) : 60;
})();

async function run(workers, photos) {
  const database = await createDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagphoto-scale-'));
  const shared = {
    DATABASE_URL: database.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    TAGPHOTO_QUEUE_PREFIX: `scale-${Date.now()}`,
    TAGPHOTO_DATA_DIR: dataDir,
    TAGPHOTO_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    TAGPHOTO_RATE_LIMIT_API: '100000000',
  };
  const api = await startHub({ ...shared, HUB_ROLE: 'api' });
  const workerProcesses = [];
  try {
    for (let i = 0; i < workers; i++) {
      workerProcesses.push(
        await startHub({ ...shared, HUB_ROLE: 'worker', TAGPHOTO_ENGINE_THREADS: String(2 / workers) }),
      );
    }
    const key = await apiKeyFor(api);
    const headers = { authorization: `Bearer ${key}` };
    // Warm every worker's models so the timing is of steady-state tagging.
    await Promise.all(
      workerProcesses.map(async () => {
        const form = new FormData();
        form.append('file', new Blob([photos[0]], { type: 'image/jpeg' }), 'warm.jpg');
        await fetch(`${api.url}/v1/images?wait=true`, { method: 'POST', headers, body: form });
      }),
    );
    const start = performance.now();
    const ids = [];
    for (let i = 0; i < count; i++) {
      const form = new FormData();
      form.append('file', new Blob([photos[i % photos.length]], { type: 'image/jpeg' }), `p${i}.jpg`);
      const response = await fetch(`${api.url}/v1/images`, { method: 'POST', headers, body: form });
      ids.push((await response.json()).id);
    }
    const pending = new Set(ids);
    while (pending.size > 0) {
      for (const id of [...pending]) {
        const image = await (await fetch(`${api.url}/v1/images/${id}`, { headers })).json();
        if (image.status === 'done' || image.status === 'failed') pending.delete(id);
      }
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return count / ((performance.now() - start) / 1000);
  } finally {
    await Promise.all(workerProcesses.map((worker) => worker.stop()));
    await api.stop();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const dir = path.join(REPO_ROOT, 'libs/tagging/fixtures/eval');
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.jpg'))
    .slice(0, 12);
  const photos = await Promise.all(files.map((name) => sharp(path.join(dir, name)).jpeg().toBuffer()));
  console.log(`machine: ${machine()}`);
  console.log(`${count} photos (≤ 512 px, OCR on) queued through one API process; workers share PostgreSQL and Redis`);
  const one = await run(1, photos);
  console.log(`1 worker  (2 threads):      ${one.toFixed(2)} images/s`);
  const two = await run(2, photos);
  console.log(`2 workers (1 thread each):  ${two.toFixed(2)} images/s   ratio ${(two / one).toFixed(2)}×`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
