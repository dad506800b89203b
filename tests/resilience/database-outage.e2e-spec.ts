import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { newAccount, PHOTOS, startTestHub, TestHub, waitForImage } from '../support/hub';
import { TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('PostgreSQL outage', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let hub: TestHub;

  beforeAll(async () => {
    database = await createTestDatabase();
    const direct = new URL(database.url);
    proxy = new TcpProxy(direct.hostname, Number(direct.port || 5432));
    const port = await proxy.start();
    const viaProxy = new URL(database.url);
    viaProxy.port = String(port);
    hub = await startTestHub({
      mode: 'server',
      // Recovery looks for stuck images every second, so the test need not wait the production 30 s.
      env: { DATABASE_URL: viaProxy.toString(), TAGPHOTO_RECOVERY_INTERVAL_MS: '1000', TAGPHOTO_JOB_LOCK_MS: '1000' },
    });
  });
  afterAll(async () => {
    await hub.close();
    await proxy.stop();
    await database.drop();
  });

  it('answers 503 with Retry-After for the 10 s the database is unreachable, and resumes when it returns', async () => {
    const account = await newAccount(hub);
    const photo = await readFile(join(PHOTOS, 'coffee.jpg'));
    const inFlight = await request(hub.http)
      .post('/v1/images')
      .set('Authorization', `Bearer ${account.apiKey}`)
      .attach('file', photo, 'c.jpg')
      .expect(202);

    await proxy.cut();
    const outageEnds = Date.now() + 10_000;
    const probes = [
      () => request(hub.http).get('/v1/images').set('Authorization', `Bearer ${account.apiKey}`),
      () =>
        request(hub.http)
          .post('/v1/images')
          .set('Authorization', `Bearer ${account.apiKey}`)
          .attach('file', photo, 'c.jpg'),
      () => request(hub.http).post('/v1/auth/login').send({ email: account.email, password: 'a long enough password' }),
      () =>
        request(hub.http)
          .get(`/v1/images/${inFlight.body.id as string}`)
          .set('Authorization', `Bearer ${account.apiKey}`),
    ];
    let answered = 0;
    while (Date.now() < outageEnds) {
      for (const probe of probes) {
        const response = await probe();
        expect(response.status).toBe(503);
        expect(response.body.error.code).toBe('database_unavailable');
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        answered++;
      }
      const health = await request(hub.http).get('/health');
      expect(health.status).toBe(503);
      expect(health.body.database.status).toBe('down');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(answered).toBeGreaterThanOrEqual(20);

    await proxy.restore();
    await request(hub.http).get('/health').expect(200);
    const accepted = await request(hub.http)
      .post('/v1/images')
      .set('Authorization', `Bearer ${account.apiKey}`)
      .attach('file', photo, 'c.jpg')
      .expect(202);
    for (const id of [inFlight.body.id as string, accepted.body.id as string]) {
      const image = await waitForImage(hub, account.apiKey, id);
      expect(image.status).toBe('done');
    }
  });
});
