import { Inject, Injectable } from '@nestjs/common';
import type { PrivacySettings } from '@tagphoto/contracts';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

const SELECTED = {
  retentionMode: true,
  retentionDays: true,
  deleteResults: true,
  analyticsOptOut: true,
  marketingOptOut: true,
  builtInModelsOnly: true,
} as const;

type Row = {
  retentionMode: 'delete_after_processing' | 'days' | 'keep';
  retentionDays: number | null;
  deleteResults: boolean;
  analyticsOptOut: boolean;
  marketingOptOut: boolean;
  builtInModelsOnly: boolean;
};

const toSettings = (row: Row): Required<PrivacySettings> => ({
  retention:
    row.retentionMode === 'days'
      ? { mode: 'days', days: row.retentionDays ?? 30, deleteResults: row.deleteResults }
      : { mode: row.retentionMode },
  analyticsOptOut: row.analyticsOptOut,
  marketingOptOut: row.marketingOptOut,
  builtInModelsOnly: row.builtInModelsOnly,
});

@Injectable()
export class PrivacySettingsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async get(ownerId: string): Promise<Required<PrivacySettings> | undefined> {
    const row = await this.db.prisma.account.findUnique({ where: { id: ownerId }, select: SELECTED });
    return row ? toSettings(row) : undefined;
  }

  async update(ownerId: string, settings: PrivacySettings): Promise<Required<PrivacySettings>> {
    const { retention } = settings;
    const row = await this.db.prisma.account.update({
      where: { id: ownerId },
      data: {
        retentionMode: retention.mode,
        retentionDays: retention.mode === 'days' ? retention.days : null,
        deleteResults: retention.mode === 'days' ? retention.deleteResults : false,
        analyticsOptOut: settings.analyticsOptOut,
        marketingOptOut: settings.marketingOptOut,
        // Left out by a client that predates the setting: keep what the owner chose.
        builtInModelsOnly: settings.builtInModelsOnly,
      },
      select: SELECTED,
    });
    return toSettings(row);
  }

  /** Whether the owner chose built-in models only (a deleted owner counts as having chosen so). */
  async builtInModelsOnly(ownerId: string): Promise<boolean> {
    const row = await this.db.prisma.account.findUnique({
      where: { id: ownerId },
      select: { builtInModelsOnly: true },
    });
    return row?.builtInModelsOnly ?? true;
  }

  /** Which of these owners opted out of analytics (an owner deleted since counts as opted out). */
  async optedOutOfAnalytics(ownerIds: readonly string[]): Promise<Set<string>> {
    const countable = await this.db.prisma.account.findMany({
      where: { id: { in: [...ownerIds] }, analyticsOptOut: false },
      select: { id: true },
    });
    const counted = new Set(countable.map((row) => row.id));
    return new Set(ownerIds.filter((id) => !counted.has(id)));
  }
}
