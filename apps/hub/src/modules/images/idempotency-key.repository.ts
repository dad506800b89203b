import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

export interface IdempotencyKeyRecord {
  fingerprint: string;
  /** The image the first request made and the status it answered with; undefined while it runs. */
  answer?: { imageId: string; status: number };
}

/** Idempotency-Keys of POST /v1/images, per owner. */
@Injectable()
export class IdempotencyKeyRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Takes the key for a request, or returns what the key already holds. A key past its expiry, or held by a request
   * that ran past `lockedUntil` without answering (its hub stopped), is taken afresh.
   */
  async claim(
    ownerId: string,
    key: string,
    fingerprint: string,
    times: { now: Date; lockedUntil: Date; expiresAt: Date },
  ): Promise<'claimed' | IdempotencyKeyRecord> {
    await this.db.prisma.idempotencyKey.deleteMany({
      where: {
        ownerId,
        key,
        OR: [{ expiresAt: { lte: times.now } }, { imageId: null, lockedUntil: { lte: times.now } }],
      },
    });
    const { count } = await this.db.prisma.idempotencyKey.createMany({
      data: [{ ownerId, key, fingerprint, lockedUntil: times.lockedUntil, expiresAt: times.expiresAt }],
      skipDuplicates: true,
    });
    if (count === 1) return 'claimed';
    const row = await this.db.prisma.idempotencyKey.findUnique({ where: { ownerId_key: { ownerId, key } } });
    // Deleted between the insert and the read (it expired that instant): the caller may simply try again.
    if (!row) return this.claim(ownerId, key, fingerprint, times);
    return {
      fingerprint: row.fingerprint,
      ...(row.imageId && row.status !== null && { answer: { imageId: row.imageId, status: row.status } }),
    };
  }

  async answer(ownerId: string, key: string, imageId: string, status: number): Promise<void> {
    await this.db.prisma.idempotencyKey.update({ where: { ownerId_key: { ownerId, key } }, data: { imageId, status } });
  }

  /** The request failed before making an image: the key is free for a corrected retry. */
  async release(ownerId: string, key: string): Promise<void> {
    await this.db.prisma.idempotencyKey.deleteMany({ where: { ownerId, key, imageId: null } });
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.db.prisma.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } })).count;
  }
}
