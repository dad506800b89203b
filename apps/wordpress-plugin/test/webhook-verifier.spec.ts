import { randomBytes } from 'node:crypto';
import { Webhook } from 'svix';
import { runPhp } from './php';

const VERIFY = `
$verifier = new TagPhoto_Webhook_Verifier($input['secret']);
echo json_encode($verifier->verify($input['id'], $input['timestamp'], $input['signature'], $input['body'], $input['now']));
`;

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function verifyInPhp(
  secret: string,
  id: string,
  timestamp: number,
  signature: string,
  body: string,
  now = timestamp,
): unknown {
  return runPhp(['class-tagphoto-webhook-verifier.php'], VERIFY, {
    secret,
    id,
    timestamp: String(timestamp),
    signature,
    body,
    now,
  });
}

describe('the plugin verifies Standard Webhooks signatures made by the svix library', () => {
  const body = JSON.stringify({
    type: 'image.tagged',
    data: { image: { id: 'a', status: 'done', result: { altText: 'A cup of coffee' } } },
  });
  const now = Math.floor(Date.now() / 1000);

  it('accepts a callback svix signed with the same secret', () => {
    const secret = newSecret();
    const signature = new Webhook(secret).sign('msg_1', new Date(now * 1000), body);
    expect(verifyInPhp(secret, 'msg_1', now, signature, body)).toBe(true);
  });

  it('accepts the new signature among several during a secret rotation', () => {
    const previous = newSecret();
    const current = newSecret();
    const signatures = [
      new Webhook(previous).sign('msg_2', new Date(now * 1000), body),
      new Webhook(current).sign('msg_2', new Date(now * 1000), body),
    ].join(' ');
    expect(verifyInPhp(current, 'msg_2', now, signatures, body)).toBe(true);
    expect(verifyInPhp(previous, 'msg_2', now, signatures, body)).toBe(true);
  });

  it('refuses a body changed after signing', () => {
    const secret = newSecret();
    const signature = new Webhook(secret).sign('msg_3', new Date(now * 1000), body);
    expect(verifyInPhp(secret, 'msg_3', now, signature, body.replace('coffee', 'tea'))).toBe('no signature matches');
  });

  it('refuses a signature made with another secret', () => {
    const signature = new Webhook(newSecret()).sign('msg_4', new Date(now * 1000), body);
    expect(verifyInPhp(newSecret(), 'msg_4', now, signature, body)).toBe('no signature matches');
  });

  it('refuses a replay more than five minutes old, even when correctly signed', () => {
    const secret = newSecret();
    const signature = new Webhook(secret).sign('msg_5', new Date(now * 1000), body);
    expect(verifyInPhp(secret, 'msg_5', now, signature, body, now + 301)).toBe(
      'timestamp outside the five-minute tolerance',
    );
    expect(verifyInPhp(secret, 'msg_5', now, signature, body, now + 299)).toBe(true);
  });

  it('refuses a signature for another message id', () => {
    const secret = newSecret();
    const signature = new Webhook(secret).sign('msg_6', new Date(now * 1000), body);
    expect(verifyInPhp(secret, 'msg_7', now, signature, body)).toBe('no signature matches');
  });

  it('refuses everything while no callback secret is configured', () => {
    const signature = new Webhook(newSecret()).sign('msg_8', new Date(now * 1000), body);
    expect(verifyInPhp('', 'msg_8', now, signature, body)).toBe('no callback secret is configured');
  });
});
