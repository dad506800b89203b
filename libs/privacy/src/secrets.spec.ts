import { constantTimeEqual, generateSecret, hashPassword, hashSecret, verifyPassword } from './secrets';

describe('secrets', () => {
  it('generates distinct prefixed secrets of 32 random bytes', () => {
    const a = generateSecret('tpk');
    const b = generateSecret('tpk');
    expect(a).toMatch(/^tpk_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toEqual(b);
  });

  it('hashes secrets deterministically without keeping the secret', () => {
    const secret = generateSecret('tpk');
    expect(hashSecret(secret)).toEqual(hashSecret(secret));
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).not.toContain(secret.slice(4, 20));
  });

  it('compares in constant time and tells equal from different strings', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored.startsWith('scrypt$32768$8$1$')).toBe(true);
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterz', stored)).resolves.toBe(false);
  });

  it('salts each hash so equal passwords do not share a hash', async () => {
    expect(await hashPassword('same password!')).not.toEqual(await hashPassword('same password!'));
  });

  it('rejects a stored value in an unknown format', async () => {
    await expect(verifyPassword('whatever', 'md5$abc')).resolves.toBe(false);
  });
});
