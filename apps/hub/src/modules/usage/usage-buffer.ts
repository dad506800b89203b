import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { PrivacySettingsService } from '../privacy/privacy-settings.service';
import { type FeatureCount, type UsageRecord, UsageRepository } from './usage.repository';

/** How often buffered usage is written, and how much is held before it is written at once. */
export const USAGE_FLUSH_MS = 2000;
export const USAGE_MAX_PENDING = 1000;

/** A use of a feature by an owner, until the owner's analytics choice has been read. */
export interface FeatureUse {
  ownerId: string;
  feature: string;
  day: Date;
}

/** The day's count of each feature, leaving out the uses of owners who opted out of analytics. */
export function featureCounts(uses: readonly FeatureUse[], optedOut: ReadonlySet<string>): FeatureCount[] {
  const counts = new Map<string, FeatureCount>();
  for (const { ownerId, feature, day } of uses) {
    if (optedOut.has(ownerId)) continue;
    const key = `${feature}\u0000${day.toISOString()}`;
    const count = counts.get(key) ?? { feature, day, count: 0 };
    count.count += 1;
    counts.set(key, count);
  }
  return [...counts.values()];
}

/**
 * Usage records and feature counts are written in batches, not as two or three writes per request, so an
 * authenticated read stays a read. Written every USAGE_FLUSH_MS, as soon as USAGE_MAX_PENDING are held, and on
 * shutdown; a crash loses at most the last USAGE_FLUSH_MS of usage and nothing else. The owners' analytics choices
 * are read once per batch, at write time, so an opt-out applies to every use not yet written.
 */
@Injectable()
export class UsageBuffer implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('usage');
  private records: UsageRecord[] = [];
  private uses: FeatureUse[] = [];
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly usage: UsageRepository,
    private readonly settings: PrivacySettingsService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), USAGE_FLUSH_MS);
    this.timer.unref();
  }

  /** Before the database closes (its module closes it on application shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  record(record: UsageRecord): void {
    this.records.push(record);
    this.flushWhenFull();
  }

  countUse(use: FeatureUse): void {
    this.uses.push(use);
    this.flushWhenFull();
  }

  /** Writes what is held; resolves once everything added before the call is written (or its failure logged). */
  flush(): Promise<void> {
    const records = this.records;
    const uses = this.uses;
    this.records = [];
    this.uses = [];
    this.writing = this.writing.then(() => this.write(records, uses));
    return this.writing;
  }

  private flushWhenFull(): void {
    if (this.records.length + this.uses.length >= USAGE_MAX_PENDING) void this.flush();
  }

  private async write(records: UsageRecord[], uses: FeatureUse[]): Promise<void> {
    try {
      if (records.length > 0) await this.usage.record(records);
      if (uses.length > 0) {
        const counts = featureCounts(
          uses,
          await this.settings.optedOutOfAnalytics([...new Set(uses.map((use) => use.ownerId))]),
        );
        if (counts.length > 0) await this.usage.countFeatures(counts);
      }
    } catch (error) {
      this.logger.warn(
        `usage not written (${records.length} requests, ${uses.length} feature uses): ${(error as Error).message}`,
      );
    }
  }
}
