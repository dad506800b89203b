import { TcpProxy } from '../support/tcp-proxy';
import { call, SecurityHub, startSecurityHub } from './support/security-hub';

/**
 * Issue 15, finding 7: the boot log said TAGPHOTO_PREVIOUS_MASTER_KEYS was "set" when it was not, logged
 * redirect URLs carried the signed OAuth state, and /health answered with the database or Redis driver's own
 * error text (hosts, ports, users) when one was down.
 */
describe('what the hub lets slip into its logs and /health', () => {
  let redis: TcpProxy;
  let hub: SecurityHub;

  beforeAll(async () => {
    redis = new TcpProxy('127.0.0.1', 6379);
    const redisPort = await redis.start();
    hub = await startSecurityHub({
      // The configuration summary is logged at debug, with everything a person needs to see at info.
      LOG_LEVEL: 'debug',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      GOOGLE_CLIENT_ID: '1234567890-tagphoto.apps.googleusercontent.com',
      GOOGLE_CLIENT_SECRET: 'GOCSPX-test-client-secret',
      GOOGLE_REDIRECT_URL: 'http://127.0.0.1:9/connect/google-drive/callback',
      GOOGLE_DRIVE_WEBHOOK_URL: 'http://127.0.0.1:9/webhooks/google-drive',
    });
  });
  afterAll(async () => {
    // After its queue connection was cut, a graceful stop waits on BullMQ's reconnects; this suite is not about stopping.
    await hub.process.stop('SIGKILL');
    await hub.close();
    await redis.stop();
  });

  it('says an unset TAGPHOTO_PREVIOUS_MASTER_KEYS is unset in the configuration it logs at boot', () => {
    expect(hub.process.output()).toContain('"TAGPHOTO_MASTER_KEY":"unset"');
    expect(hub.process.output()).toContain('"TAGPHOTO_PREVIOUS_MASTER_KEYS":"unset"');
  });

  it('logs where an OAuth redirect points, never its signed state', async () => {
    const account = await hub.newAccount();
    const redirect = await fetch(`${hub.url}/connect/google-drive`, {
      headers: { cookie: account.cookie },
      redirect: 'manual',
    });
    expect(redirect.status).toBe(302);
    const state = new URL(redirect.headers.get('location')!).searchParams.get('state')!;
    expect(state.length).toBeGreaterThan(20);

    const deadline = Date.now() + 5000;
    while (!/"statusCode":302/.test(hub.process.output()) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const logged = hub.process
      .output()
      .split('\n')
      .find((line) => line.includes('"statusCode":302'));
    expect(logged).toContain('accounts.google.com');
    expect(hub.process.output()).not.toContain(state);
    expect(hub.process.output()).not.toContain(encodeURIComponent(state));
  });

  it("names a dependency that is down on /health by a code, without the driver's message", async () => {
    await redis.cut();
    let health = await call(`${hub.url}/health`);
    const deadline = Date.now() + 15_000;
    while (health.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      health = await call(`${hub.url}/health`);
    }
    expect(health.status).toBe(503);
    expect(health.body.queue).toEqual({
      status: 'down',
      kind: expect.any(String),
      error: expect.stringMatching(/^(unreachable|timeout)$/),
    });
    expect(health.body.database).toEqual({ status: 'up', kind: expect.any(String) });
    expect(JSON.stringify(health.body)).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${redis.port}|ECONN|closed`, 'i'));
  });
});
