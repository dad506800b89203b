import { Inject, Injectable } from '@nestjs/common';
import type { PrivacySettings } from '@tagphoto/contracts';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

const SELECTED = { retentionMode: true, retentionDays: true, deleteResults: true, analyticsOptOut: true, marketingOptOut: true } as const;

type Row = { retentionMode: 'delete_after_processing' | 'days' | 'keep'; retentionDays: number | null; deleteResults: boolean; analyticsOptOut: boolean; marketingOptOut: boolean };

const toSettings = (row: Row): PrivacySettings => ({
  retention:
    row.retentionMode === 'days'
      ? { mode: 'days', days: row.retentionDays ?? 30, deleteResults: row.deleteResults }
      : { mode: row.retentionMode },
  analyticsOptOut: row.analyticsOptOut,
  marketingOptOut: row.marketingOptOut,
});

@Injectable()
export class PrivacySettingsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async get(ownerId: string): Promise<PrivacySettings | undefined> {
    const row = await this.db.prisma.account.findUnique({ where: { id: ownerId }, select: SELECTED });
    return row ? toSettings(row) : undefined;
  }

  async update(ownerId: string, settings: PrivacySettings): Promise<PrivacySettings> {
    const { retention } = settings;
    const row = await this.db.prisma.account.update({
      where: { id: ownerId },
      data: {
        retentionMode: retention.mode,
        retentionDays: retention.mode === 'days' ? retention.days : null,
        deleteResults: retention.mode === 'days' ? retention.deleteResults : false,
        analyticsOptOut: settings.analyticsOptOut,
        marketingOptOut: settings.marketingOptOut,
      },
      select: SELECTED,
    });
    return toSettings(row);
  }

  /** Whether the owner opted out of analytics (a deleted owner counts as opted out). */
  async optedOutOfAnalytics(ownerId: string): Promise<boolean> {
    const row = await this.db.prisma.account.findUnique({ where: { id: ownerId }, select: { analyticsOptOut: true } });
    return row?.analyticsOptOut ?? true;
  }
}
