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

export interface UsageRecordView extends UsageEntry {
  createdAt: string;
}

/** API request logs (billing and support) and the owner-free daily analytics counters. */
@Injectable()
export class UsageRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async record(ownerId: string, entry: UsageEntry, at: Date, expiresAt: Date): Promise<void> {
    await this.db.prisma.usageRecord.create({ data: { ownerId, ...entry, createdAt: at, expiresAt } });
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

  /** Adds one to a feature's count for the day. The row names no one: a feature, a date, a number. */
  async countFeature(feature: string, day: Date): Promise<void> {
    await this.db.prisma.analyticsDaily.upsert({
      where: { feature_day: { feature, day } },
      create: { feature, day, count: 1 },
      update: { count: { increment: 1 } },
    });
  }
}
