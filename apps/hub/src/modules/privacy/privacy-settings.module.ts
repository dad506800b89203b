import { Module } from '@nestjs/common';
import { PrivacySettingsRepository } from './privacy-settings.repository';
import { PrivacySettingsService } from './privacy-settings.service';

/**
 * An owner's privacy settings, apart from PrivacyModule so that usage (which PrivacyModule's retention sweep
 * uses) can read the analytics opt-out without the two modules importing each other. Other features use the
 * port, PrivacySettingsService; the repository is for the privacy module's own services.
 */
@Module({
  providers: [PrivacySettingsRepository, PrivacySettingsService],
  exports: [PrivacySettingsRepository, PrivacySettingsService],
})
export class PrivacySettingsModule {}
