import { Webhook } from 'svix';
import { activeSecrets, newSigningSecret, previousValidUntil, rotateSecrets, signedHeaders } from './signing-secrets';

describe('webhook signing secrets', () => {
  const now = new Date('2026-11-29T10:00:00Z');

  it('issues whsec_ secrets that svix accepts', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(() => new Webhook(secret)).not.toThrow();
  });

  it('signs with both secrets during the grace period after a rotation, and only the new one after it', () => {
    const rotated = rotateSecrets({ current: 'whsec_b2xk' }, 'whsec_bmV3', now, 3600_000);
    expect(activeSecrets(rotated, new Date(now.getTime() + 3599_000))).toEqual(['whsec_bmV3', 'whsec_b2xk']);
    expect(previousValidUntil(rotated, now)).toBe('2026-11-29T11:00:00.000Z');
    expect(activeSecrets(rotated, new Date(now.getTime() + 3600_000))).toEqual(['whsec_bmV3']);
    expect(previousValidUntil(rotated, new Date(now.getTime() + 3600_000))).toBeNull();
  });

  it('drops the old secret at once when the grace period is zero', () => {
    expect(rotateSecrets({ current: 'whsec_b2xk' }, 'whsec_bmV3', now, 0)).toEqual({ current: 'whsec_bmV3' });
  });

  it('writes Standard Webhooks headers that svix verifies with either secret', () => {
    const [current, previous] = [newSigningSecret(), newSigningSecret()];
    const sentAt = new Date();
    const body = JSON.stringify({ type: 'image.deleted', timestamp: sentAt.toISOString(), data: { imageId: 'x' } });
    const headers = signedHeaders('msg_1', sentAt, body, [current, previous]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow('No matching signature');
  });
});
