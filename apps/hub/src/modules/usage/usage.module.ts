import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { PrivacySettingsModule } from '../privacy/privacy-settings.module';
import { UsageBuffer } from './usage-buffer';
import { UsageInterceptor } from './usage.interceptor';
import { UsageLog } from './usage-log.service';
import { UsageRepository } from './usage.repository';

/** The API request log and the owner-free feature counts, recorded by an interceptor on every route. */
@Module({
  imports: [PrivacySettingsModule],
  providers: [UsageRepository, UsageBuffer, UsageLog, { provide: APP_INTERCEPTOR, useClass: UsageInterceptor }],
  exports: [UsageLog],
})
export class UsageModule {}
