import { randomBytes } from 'node:crypto';
import { call, SecurityHub, startSecurityHub } from './support/security-hub';

/**
 * Finding 5 of issue 15: password guessing was limited per IP address only (each new address got a fresh
 * budget), and the password check of DELETE /v1/account was neither limited nor logged. Guesses are now
 * counted per account, from any address, with a doubling wait after the free attempts.
 */

const FREE_ATTEMPTS = 3;
const BACKOFF_SECONDS = 600;

function logIn(hub: SecurityHub, email: string, password: string, from: string) {
  return call(`${hub.url}/v1/auth/login`, {
    method: 'POST',
    // The hub trusts X-Forwarded-For here, so each guess comes from an address it has never seen.
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ email, password }),
  });
}

describe('password guessing limits per account', () => {
  let hub: SecurityHub;

  beforeAll(async () => {
    hub = await startSecurityHub({
      TAGPHOTO_TRUST_PROXY: 'true',
      TAGPHOTO_GUESS_FREE_ATTEMPTS: String(FREE_ATTEMPTS),
      TAGPHOTO_GUESS_BACKOFF_MS: String(BACKOFF_SECONDS * 1000),
    });
  });
  afterAll(() => hub.close());

  it('makes an account wait after its free wrong passwords whatever address they come from, the right password included, and leaves other accounts alone', async () => {
    const [target, bystander] = [await hub.newAccount(), await hub.newAccount()];
    for (let guess = 0; guess < FREE_ATTEMPTS; guess++) {
      expect((await logIn(hub, target.email, `wrong guess number ${guess}`, `10.0.0.${guess + 1}`)).status).toBe(401);
    }
    const locked = await logIn(hub, target.email, 'a long enough password', '10.0.1.1');
    expect(locked.status).toBe(429);
    expect(locked.body.error?.code).toBe('too_many_attempts');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(BACKOFF_SECONDS);

    expect((await logIn(hub, bystander.email, 'a long enough password', '10.0.1.1')).status).toBe(200);
  });

  it('limits an unknown email exactly like a real one, so the limit tells nobody which accounts exist', async () => {
    const unknown = `nobody-${randomBytes(4).toString('hex')}@example.com`;
    for (let guess = 0; guess < FREE_ATTEMPTS; guess++) {
      expect((await logIn(hub, unknown, `wrong guess number ${guess}`, `10.0.2.${guess + 1}`)).status).toBe(401);
    }
    const locked = await logIn(hub, unknown, 'a long enough password', '10.0.3.1');
    expect(locked.status).toBe(429);
    expect(locked.body.error?.code).toBe('too_many_attempts');
  });

  it('limits the password check of DELETE /v1/account and records every refusal in the security log', async () => {
    const account = await hub.newAccount();
    const deleteAccount = (password: string) =>
      call(`${hub.url}/v1/account`, {
        method: 'DELETE',
        headers: { cookie: account.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ password }),
      });

    for (let guess = 0; guess < FREE_ATTEMPTS; guess++)
      expect((await deleteAccount(`wrong guess number ${guess}`)).status).toBe(401);
    const locked = await deleteAccount('a long enough password');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);

    expect((await call(`${hub.url}/v1/auth/me`, { headers: { cookie: account.cookie } })).status).toBe(200);
    const events = await call(`${hub.url}/v1/audit-events`, { headers: { cookie: account.cookie } });
    const types = (events.body as unknown as Array<{ type: string; detail: Record<string, unknown> }>).filter((event) =>
      event.type.startsWith('password_check.'),
    );
    expect(types.map((event) => event.type).sort()).toEqual([
      ...Array<string>(FREE_ATTEMPTS).fill('password_check.failed'),
      'password_check.refused',
    ]);
    expect(types.every((event) => event.detail.purpose === 'account_deletion')).toBe(true);
  });
});
