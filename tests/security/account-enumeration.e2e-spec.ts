import { randomBytes } from 'node:crypto';
import { call, SecurityHub, startSecurityHub } from './support/security-hub';

/**
 * Finding 4 of issue 15: sign-up answered 409 email_taken, and a login for an existing email did one more
 * database write before answering than one for an unknown email. Both now look the same from outside;
 * the owner of a taken email learns of the attempt from their security log.
 */

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function securityLog(hub: SecurityHub, cookie: string): Promise<string[]> {
  const events = await call(`${hub.url}/v1/audit-events`, { headers: { cookie } });
  expect(events.status).toBe(200);
  return (events.body as unknown as Array<{ type: string }>).map((event) => event.type);
}

describe('what sign-up and login tell a stranger about an email', () => {
  let hub: SecurityHub;

  beforeAll(async () => {
    hub = await startSecurityHub();
  });
  afterAll(() => hub.close());

  it('answers sign-up with a taken email exactly as with a new one, starting no session, and tells the owner in their security log', async () => {
    const owner = await hub.newAccount();
    const newcomer = `new-${randomBytes(4).toString('hex')}@example.com`;

    const fresh = await call(
      `${hub.url}/v1/auth/signup`,
      json({ email: newcomer, password: 'a long enough password' }),
    );
    const taken = await call(
      `${hub.url}/v1/auth/signup`,
      json({ email: owner.email, password: "an attacker's password" }),
    );

    expect(fresh.status).toBe(202);
    expect(taken.status).toBe(fresh.status);
    expect(taken.body).toEqual(fresh.body);
    expect([fresh.headers.get('set-cookie'), taken.headers.get('set-cookie')]).toEqual([null, null]);

    // The new account is real; the taken one is untouched and its owner sees the attempt.
    expect(
      (await call(`${hub.url}/v1/auth/login`, json({ email: newcomer, password: 'a long enough password' }))).status,
    ).toBe(200);
    expect(
      (await call(`${hub.url}/v1/auth/login`, json({ email: owner.email, password: "an attacker's password" }))).status,
    ).toBe(401);
    expect(
      (await call(`${hub.url}/v1/auth/login`, json({ email: owner.email, password: 'a long enough password' }))).status,
    ).toBe(200);
    expect(await securityLog(hub, owner.cookie)).toContain('signup.email_in_use');
  });

  it('refuses a login for an unknown email exactly as a wrong password for a known one, and records the known one for its owner', async () => {
    const owner = await hub.newAccount();
    const known = await call(
      `${hub.url}/v1/auth/login`,
      json({ email: owner.email, password: 'not the password at all' }),
    );
    const unknown = await call(
      `${hub.url}/v1/auth/login`,
      json({ email: `nobody-${randomBytes(4).toString('hex')}@example.com`, password: 'not the password at all' }),
    );

    expect(known.status).toBe(401);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(await securityLog(hub, owner.cookie)).toContain('login.failed');
  });
});
