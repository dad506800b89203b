import { Injectable } from '@nestjs/common';
import { generateSecret, hashSecret } from '@tagphoto/privacy';
import { API_KEY_PREFIX } from '../auth/principal';
import { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';

export type { ApiKeyRecord } from './api-key.repository';

/**
 * The API-keys module's port: issuing, listing and revoking an owner's keys (the key routes, the WordPress
 * connect flow) and resolving a presented key (the owner guard). Only a SHA-256 hash of a key is stored.
 */
@Injectable()
export class ApiKeys {
  constructor(private readonly keys: ApiKeyRepository) {}

  /** A new key for the owner; `key` is the secret, shown once and never stored. */
  async issue(ownerId: string, name: string): Promise<{ record: ApiKeyRecord; key: string }> {
    const key = generateSecret(API_KEY_PREFIX);
    const prefix = key.slice(0, API_KEY_PREFIX.length + 9);
    return { record: await this.keys.create(ownerId, name, prefix, hashSecret(key)), key };
  }

  list(ownerId: string): Promise<ApiKeyRecord[]> {
    return this.keys.list(ownerId);
  }

  /** False when the owner has no such key. */
  revoke(ownerId: string, id: string, at: Date): Promise<boolean> {
    return this.keys.revoke(ownerId, id, at);
  }

  /** The key a caller presented, revoked or not; the one lookup that finds the owner rather than starting from one. */
  findByKey(key: string): Promise<ApiKeyRecord | undefined> {
    return this.keys.findByHash(hashSecret(key));
  }

  markUsed(ownerId: string, id: string, at: Date): Promise<void> {
    return this.keys.touch(ownerId, id, at);
  }
}
