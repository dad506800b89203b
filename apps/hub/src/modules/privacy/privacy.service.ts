import { Inject, Injectable } from '@nestjs/common';
import type { PrivacySettings, PrivacyView } from '@tagphoto/contracts';
import { Clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors';
import { SecurityLog } from '../audit/security-log';
import { ImageRetention } from '../images/image-retention.service';
import { VISION_BACKEND, type VisionBackend } from '../vision/vision.module';
import { PrivacySettingsRepository } from './privacy-settings.repository';

@Injectable()
export class PrivacyService {
  constructor(
    private readonly settings: PrivacySettingsRepository,
    private readonly images: ImageRetention,
    private readonly audit: SecurityLog,
    private readonly clock: Clock,
    @Inject(VISION_BACKEND) private readonly vision: VisionBackend | null,
  ) {}

  async get(ownerId: string): Promise<PrivacyView> {
    const settings = await this.settings.get(ownerId);
    if (!settings) throw new NotFoundError('Account');
    return { ...settings, visionBackend: this.vision?.notice ?? null };
  }

  /** Saves the settings and applies the retention rule to images already stored, not only to new ones. */
  async update(ownerId: string, next: PrivacySettings): Promise<PrivacyView> {
    const saved = await this.settings.update(ownerId, next);
    const { retention } = saved;
    if (retention.mode === 'days') await this.images.setExpiryForAll(ownerId, retention.days);
    else if (retention.mode === 'keep') await this.images.setExpiryForAll(ownerId, null);
    else await this.images.expireAllNow(ownerId, this.clock.now());
    await this.audit.record(ownerId, 'privacy.updated', {
      retention: retention.mode === 'days' ? `${retention.days} days` : retention.mode,
      analyticsOptOut: saved.analyticsOptOut,
      marketingOptOut: saved.marketingOptOut,
      builtInModelsOnly: saved.builtInModelsOnly,
    });
    return { ...saved, visionBackend: this.vision?.notice ?? null };
  }
}
