import { call, Account, SecurityHub, startSecurityHub } from './support/security-hub';

/**
 * Issue 15, finding 6: requests the hub cannot use were answered 500. Each is now a 4xx whose
 * `{error:{code,message}}` names the real cause.
 */
describe('requests the hub cannot use', () => {
  let hub: SecurityHub;
  let account: Account;

  beforeAll(async () => {
    hub = await startSecurityHub();
    account = await hub.newAccount();
  });
  afterAll(() => hub.close());

  it('answers 413 payload_too_large to a JSON body over the limit', async () => {
    const answer = await call(`${hub.url}/v1/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1/photo.jpg', padding: 'x'.repeat(200_000) }),
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error?.code).toBe('payload_too_large');
    expect(answer.body.error?.message).toMatch(/larger than/);
  });

  it.each([
    ['a cursor whose image id is not an id', `${new Date().toISOString()}|not-an-image-id`],
    ['a cursor with a date in another format', '2026-01-01|7a1c3a1e-8a9b-4a3a-9a2b-1c2d3e4f5a6b'],
    ['a cursor with extra parts', `${new Date().toISOString()}|7a1c3a1e-8a9b-4a3a-9a2b-1c2d3e4f5a6b|x`],
  ])('answers 400 invalid_cursor to %s', async (_, decoded) => {
    const cursor = Buffer.from(decoded).toString('base64url');
    const answer = await call(`${hub.url}/v1/images?cursor=${cursor}`, {
      headers: { authorization: `Bearer ${account.apiKey}` },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('invalid_cursor');
    expect(answer.body.error?.message).toMatch(/nextCursor/);
  });
});
