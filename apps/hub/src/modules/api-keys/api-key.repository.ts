import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

export interface ApiKeyRecord {
  id: string;
  ownerId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const VISIBLE = {
  id: true,
  ownerId: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
};

@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  create(ownerId: string, name: string, prefix: string, keyHash: string): Promise<ApiKeyRecord> {
    return this.db.prisma.apiKey.create({ data: { ownerId, name, prefix, keyHash }, select: VISIBLE });
  }

  list(ownerId: string): Promise<ApiKeyRecord[]> {
    return this.db.prisma.apiKey.findMany({ where: { ownerId }, orderBy: { createdAt: 'desc' }, select: VISIBLE });
  }

  /** Marks the key revoked; false when the owner has no such key. */
  async revoke(ownerId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.db.prisma.apiKey.updateMany({
      where: { id, ownerId, revokedAt: null },
      data: { revokedAt: at },
    });
    if (result.count > 0) return true;
    return (await this.db.prisma.apiKey.count({ where: { id, ownerId } })) > 0;
  }

  async touch(ownerId: string, id: string, at: Date): Promise<void> {
    await this.db.prisma.apiKey.updateMany({ where: { id, ownerId }, data: { lastUsedAt: at } });
  }

  /** Looks a key up by its hash: the one query that finds the owner rather than starting from one. */
  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    return (await this.db.prisma.apiKey.findUnique({ where: { keyHash }, select: VISIBLE })) ?? undefined;
  }
}
