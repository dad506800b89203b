import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuthModule } from '../auth/auth.module';
import { ImagesModule } from '../images/images.module';
import { VisionModule } from '../vision/vision.module';
import { UsageInterceptor } from '../usage/usage.interceptor';
import { UsageBuffer } from '../usage/usage-buffer';
import { UsageRepository } from '../usage/usage.repository';
import { KeyRotationService } from './key-rotation.service';
import { SealedColumnRepository } from './sealed-column.repository';
import { PrivacySettingsRepository } from './privacy-settings.repository';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';
import { RetentionService } from './retention.service';

/** Retention, privacy settings, request logs and aggregate analytics. */
@Module({
  imports: [AuthModule, ImagesModule, VisionModule],
  controllers: [PrivacyController],
  providers: [
    PrivacySettingsRepository,
    PrivacyService,
    RetentionService,
    KeyRotationService,
    SealedColumnRepository,
    UsageRepository,
    UsageBuffer,
    { provide: APP_INTERCEPTOR, useClass: UsageInterceptor },
  ],
  exports: [RetentionService, PrivacySettingsRepository, UsageRepository, UsageBuffer, KeyRotationService],
})
export class PrivacyModule {}
