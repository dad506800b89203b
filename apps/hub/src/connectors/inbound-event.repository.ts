import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';

/** Remembers provider event ids so a replayed or re-sent webhook is acted on once. */
@Injectable()
export class InboundEventRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** True the first time an event id is seen; false for every repeat (atomic across processes). */
  async firstSeen(provider: string, externalId: string): Promise<boolean> {
    const result = await this.db.prisma.inboundEvent.createMany({
      data: [{ provider, externalId }],
      skipDuplicates: true,
    });
    return result.count === 1;
  }
}
