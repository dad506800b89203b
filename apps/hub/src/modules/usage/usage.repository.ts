import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

export interface UsageEntry {
  apiKeyId: string | null;
  method: string;
  route: string;
  status: number;
  bytes: number;
}

/** One API request as logged for billing and support, with when it expires. */
export interface UsageRecord extends UsageEntry {
  ownerId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface FeatureCount {
  feature: string;
  day: Date;
  count: number;
}

export interface UsageRecordView extends UsageEntry {
  createdAt: string;
}

/** API request logs (billing and support) and the owner-free daily analytics counters. */
@Injectable()
export class UsageRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Writes a batch; requests of owners deleted since they were made are left out (their account took its data along). */
  async record(records: readonly UsageRecord[]): Promise<void> {
    const ownerIds = [...new Set(records.map((record) => record.ownerId))];
    const owners = await this.db.prisma.account.findMany({ where: { id: { in: ownerIds } }, select: { id: true } });
    const living = new Set(owners.map((owner) => owner.id));
    await this.db.prisma.usageRecord.createMany({ data: records.filter((record) => living.has(record.ownerId)) });
  }

  async list(ownerId: string): Promise<UsageRecordView[]> {
    const rows = await this.db.prisma.usageRecord.findMany({ where: { ownerId }, orderBy: { createdAt: 'asc' } });
    return rows.map(({ apiKeyId, method, route, status, bytes, createdAt }) => ({
      apiKeyId,
      method,
      route,
      status,
      bytes,
      createdAt: createdAt.toISOString(),
    }));
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.db.prisma.usageRecord.deleteMany({ where: { expiresAt: { lte: now } } })).count;
  }

  /** Adds to features' counts for their day. The rows name no one: a feature, a date, a number. */
  async countFeatures(counts: readonly FeatureCount[]): Promise<void> {
    await this.db.prisma.$transaction(
      counts.map(({ feature, day, count }) =>
        this.db.prisma.analyticsDaily.upsert({
          where: { feature_day: { feature, day } },
          create: { feature, day, count },
          update: { count: { increment: count } },
        }),
      ),
    );
  }
}
