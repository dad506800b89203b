import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ImagesModule } from '../images/images.module';
import { UsageModule } from '../usage/usage.module';
import { VisionModule } from '../vision/vision.module';
import { KeyRotationService } from './key-rotation.service';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';
import { PrivacySettingsModule } from './privacy-settings.module';
import { RetentionService } from './retention.service';
import { SealedColumnRepository } from './sealed-column.repository';

/** Privacy settings and their route, retention (after tagging and the sweep), and key rotation. */
@Module({
  imports: [AuthModule, ImagesModule, PrivacySettingsModule, UsageModule, VisionModule],
  controllers: [PrivacyController],
  providers: [PrivacyService, RetentionService, KeyRotationService, SealedColumnRepository],
  exports: [RetentionService, KeyRotationService],
})
export class PrivacyModule {}
