import { Injectable } from '@nestjs/common';
import type { PrivacySettings } from '@tagphoto/contracts';
import { PrivacySettingsRepository } from './privacy-settings.repository';

/**
 * The privacy module's port for the features that must honour an owner's choices: tagging (built-in models
 * only), usage analytics (opt-out) and the account export. Read only: settings change through PrivacyService.
 */
@Injectable()
export class PrivacySettingsService {
  constructor(private readonly settings: PrivacySettingsRepository) {}

  get(ownerId: string): Promise<Required<PrivacySettings> | undefined> {
    return this.settings.get(ownerId);
  }

  /** Whether the owner chose built-in models only (a deleted owner counts as having chosen so). */
  builtInModelsOnly(ownerId: string): Promise<boolean> {
    return this.settings.builtInModelsOnly(ownerId);
  }

  /** Which of these owners opted out of analytics (an owner deleted since counts as opted out). */
  optedOutOfAnalytics(ownerIds: readonly string[]): Promise<Set<string>> {
    return this.settings.optedOutOfAnalytics(ownerIds);
  }
}
