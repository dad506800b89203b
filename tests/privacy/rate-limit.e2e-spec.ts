import request from 'supertest';
import { newAccount, startTestHub, TestHub } from '../support/hub';

describe.each(['server', 'embedded'] as const)('rate limiting (%s mode)', (mode) => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ mode, env: { TAGPHOTO_RATE_LIMIT_API: '5' } });
  });
  afterAll(() => hub.close());

  it('limits requests per API key with RateLimit headers, and tells when to retry', async () => {
    const first = await newAccount(hub);
    const second = await newAccount(hub);
    for (let index = 0; index < 5; index++) {
      const response = await request(hub.http)
        .get('/v1/images')
        .set('Authorization', `Bearer ${first.apiKey}`)
        .expect(200);
      expect(response.headers['ratelimit-limit']).toBe('5');
      expect(response.headers['ratelimit-remaining']).toBe(String(4 - index));
    }
    const refused = await request(hub.http)
      .get('/v1/images')
      .set('Authorization', `Bearer ${first.apiKey}`)
      .expect(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${second.apiKey}`).expect(200);
  });
});

describe('rate limiting of sign-in attempts', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ mode: 'server', env: { TAGPHOTO_RATE_LIMIT_AUTH: '3' } });
  });
  afterAll(() => hub.close());

  it('refuses more than the budget of login attempts per address', async () => {
    for (let index = 0; index < 3; index++) {
      await request(hub.http)
        .post('/v1/auth/login')
        .send({ email: 'guess@example.com', password: `guess number ${index}` })
        .expect(401);
    }
    const refused = await request(hub.http)
      .post('/v1/auth/login')
      .send({ email: 'guess@example.com', password: 'one more guess' })
      .expect(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.headers['ratelimit-remaining']).toBe('0');
  });
});
