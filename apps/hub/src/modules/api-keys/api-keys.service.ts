import { Injectable } from '@nestjs/common';
import { generateSecret, hashSecret } from '@tagphoto/privacy';
import { Clock } from '../../common/clock';
import { API_KEY_PREFIX } from '../auth/principal';
import { RateLimits } from '../rate-limit/rate-limits';
import { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';

export type { ApiKeyRecord } from './api-key.repository';

/**
 * How long a hub process answers a presented key from memory instead of the database. Revocation does not wait
 * for it: a revoked key is closed in the shared rate-limit store, which every request with a key passes anyway.
 */
export const KEY_CACHE_MS = 60_000;
/** Keys remembered before the cache starts over (a forgotten key costs one database read, nothing worse). */
const MAX_CACHED_KEYS = 10_000;

/**
 * The API-keys module's port: issuing, listing and revoking an owner's keys (the key routes, the WordPress
 * connect flow) and resolving a presented key (the owner guard). Only a SHA-256 hash of a key is stored.
 */
@Injectable()
export class ApiKeys {
  private readonly cache = new Map<string, { record: ApiKeyRecord; until: number }>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly limits: RateLimits,
    private readonly clock: Clock,
  ) {}

  /** A new key for the owner; `key` is the secret, shown once and never stored. */
  async issue(ownerId: string, name: string): Promise<{ record: ApiKeyRecord; key: string }> {
    const key = generateSecret(API_KEY_PREFIX);
    const prefix = key.slice(0, API_KEY_PREFIX.length + 9);
    return { record: await this.keys.create(ownerId, name, prefix, hashSecret(key)), key };
  }

  list(ownerId: string): Promise<ApiKeyRecord[]> {
    return this.keys.list(ownerId);
  }

  /** Refuses the key on every hub process from the next request on; false when the owner has no such key. */
  async revoke(ownerId: string, id: string, at: Date): Promise<boolean> {
    if (!(await this.keys.revoke(ownerId, id, at))) return false;
    await this.withdraw([id]);
    return true;
  }

  /** Refuses every key of an account about to be deleted, on every hub process, from the next request on. */
  async withdrawAll(ownerId: string): Promise<void> {
    await this.withdraw((await this.keys.list(ownerId)).map((key) => key.id));
  }

  /**
   * The key a caller presented, revoked or not; the one lookup that finds the owner rather than starting from one.
   * A live key is remembered for KEY_CACHE_MS; the owner guard's rate-limit check refuses it once revoked.
   */
  async findByKey(key: string): Promise<ApiKeyRecord | undefined> {
    const hash = hashSecret(key);
    const now = this.clock.now().getTime();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.record;
    const record = await this.keys.findByHash(hash);
    this.cache.delete(hash);
    if (record && !record.revokedAt) {
      if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
      this.cache.set(hash, { record, until: now + KEY_CACHE_MS });
    }
    return record;
  }

  markUsed(ownerId: string, id: string, at: Date): Promise<void> {
    return this.keys.touch(ownerId, id, at);
  }

  /** Closed for twice the cache's life: by then no process holds the key in memory and the database says it all. */
  private async withdraw(ids: string[]): Promise<void> {
    for (const [hash, { record }] of this.cache) if (ids.includes(record.id)) this.cache.delete(hash);
    for (const id of ids) await this.limits.closeApiKey(id, 2 * KEY_CACHE_MS);
  }
}
