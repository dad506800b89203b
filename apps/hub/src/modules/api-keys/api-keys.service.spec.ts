import { FixedClock, mockClass } from '../../testing/mock-class';
import { RateLimits } from '../rate-limit/rate-limits';
import { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';
import { ApiKeys, KEY_CACHE_MS } from './api-keys.service';

const NOW = new Date('2026-03-01T10:00:00Z');
const record = (fields: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id: 'key-1',
  ownerId: 'owner-1',
  name: 'shop',
  prefix: 'tpk_abcdefgh',
  createdAt: NOW,
  lastUsedAt: null,
  revokedAt: null,
  ...fields,
});

function setup() {
  const repository = mockClass(ApiKeyRepository);
  const limits = mockClass(RateLimits);
  const clock = new FixedClock(NOW);
  const later = (ms: number) => (clock.current = new Date(NOW.getTime() + ms));
  return { keys: new ApiKeys(repository, limits, clock), repository, limits, later };
}

describe('ApiKeys.findByKey', () => {
  it('answers a live key from memory for KEY_CACHE_MS, then reads it again', async () => {
    const { keys, repository, later } = setup();
    repository.findByHash.mockResolvedValue(record());
    expect(await keys.findByKey('tpk_secret')).toEqual(record());
    later(KEY_CACHE_MS - 1);
    expect(await keys.findByKey('tpk_secret')).toEqual(record());
    expect(repository.findByHash).toHaveBeenCalledTimes(1);
    later(KEY_CACHE_MS);
    await keys.findByKey('tpk_secret');
    expect(repository.findByHash).toHaveBeenCalledTimes(2);
  });

  it('never remembers an unknown or a revoked key: each presentation reads the database', async () => {
    const { keys, repository } = setup();
    repository.findByHash.mockResolvedValueOnce(undefined).mockResolvedValue(record({ revokedAt: NOW }));
    expect(await keys.findByKey('tpk_unknown')).toBeUndefined();
    expect(await keys.findByKey('tpk_revoked')).toMatchObject({ revokedAt: NOW });
    expect(await keys.findByKey('tpk_revoked')).toMatchObject({ revokedAt: NOW });
    expect(repository.findByHash).toHaveBeenCalledTimes(3);
  });
});

describe('ApiKeys.revoke', () => {
  it('closes the key in the shared store for twice the cache life and forgets it here', async () => {
    const { keys, repository, limits } = setup();
    repository.findByHash.mockResolvedValue(record());
    await keys.findByKey('tpk_secret');
    repository.revoke.mockResolvedValue(true);
    expect(await keys.revoke('owner-1', 'key-1', NOW)).toBe(true);
    expect(limits.closeApiKey).toHaveBeenCalledWith('key-1', 2 * KEY_CACHE_MS);
    await keys.findByKey('tpk_secret');
    expect(repository.findByHash).toHaveBeenCalledTimes(2);
  });

  it("closes nothing for a key the owner does not have, so no one can shut another owner's key", async () => {
    const { keys, repository, limits } = setup();
    repository.revoke.mockResolvedValue(false);
    expect(await keys.revoke('owner-2', 'key-1', NOW)).toBe(false);
    expect(limits.closeApiKey).not.toHaveBeenCalled();
  });

  it('withdrawAll closes every key of the account', async () => {
    const { keys, repository, limits } = setup();
    repository.list.mockResolvedValue([record(), record({ id: 'key-2', revokedAt: NOW })]);
    await keys.withdrawAll('owner-1');
    expect(repository.list).toHaveBeenCalledWith('owner-1');
    expect(limits.closeApiKey.mock.calls).toEqual([
      ['key-1', 2 * KEY_CACHE_MS],
      ['key-2', 2 * KEY_CACHE_MS],
    ]);
  });
});
