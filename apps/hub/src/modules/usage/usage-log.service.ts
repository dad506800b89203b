import { Injectable } from '@nestjs/common';
import { UsageBuffer } from './usage-buffer';
import { UsageRecordView, UsageRepository } from './usage.repository';

/** The usage module's port: an owner's API request log for the account export, and its expiry for retention. */
@Injectable()
export class UsageLog {
  constructor(
    private readonly usage: UsageRepository,
    private readonly buffer: UsageBuffer,
  ) {}

  /** Every logged request of the owner, oldest first, including those this process still holds in memory. */
  async list(ownerId: string): Promise<UsageRecordView[]> {
    await this.buffer.flush();
    return this.usage.list(ownerId);
  }

  /** Deletes the records whose expiry has passed; returns how many. */
  deleteExpired(now: Date): Promise<number> {
    return this.usage.deleteExpired(now);
  }
}
