import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule } from './config/config.module';
import { ConnectorsModule } from './connectors/connectors.module';
import type { HubConfig } from './config/config.schema';
import { DatabaseModule } from './database/database.module';
import { JobsModule } from './jobs/jobs.module';
import { AccountModule } from './modules/account/account.module';
import { ApiKeysHttpModule } from './modules/api-keys/api-keys-http.module';
import { AuditHttpModule } from './modules/audit/audit-http.module';
import { AuthHttpModule } from './modules/auth/auth-http.module';
import { HealthModule } from './modules/health/health.module';
import { ImageBulkModule } from './modules/image-bulk/image-bulk.module';
import { ImagesModule } from './modules/images/images.module';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { ReviewHttpModule } from './modules/review/review-http.module';
import { ReviewModule } from './modules/review/review.module';
import { TaggingModule } from './modules/tagging/tagging.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { StorageModule } from './storage/storage.module';
import { HubLogger, loggerOptions } from './logging';
import { RequestIntakeGuard } from './common/request-intake';

/** One app for every role: HUB_ROLE decides whether it serves HTTP, runs jobs, or both. */
@Module({})
export class AppModule {
  static forRoot(config: HubConfig): DynamicModule {
    const serves = config.HUB_ROLE !== 'worker';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        DatabaseModule,
        StorageModule,
        JobsModule,
        TaggingModule,
        PrivacyModule,
        ConnectorsModule,
        WebhooksModule,
        ReviewModule,
        ...(serves
          ? [
              HealthModule,
              AuthHttpModule,
              ApiKeysHttpModule,
              AuditHttpModule,
              ImagesModule,
              ImageBulkModule,
              AccountModule,
              ReviewHttpModule,
            ]
          : []),
      ],
      // Before any route's own guards: a refused body type or cross-site request costs no sign-in attempt.
      providers: [HubLogger, ...(serves ? [{ provide: APP_GUARD, useClass: RequestIntakeGuard }] : [])],
    };
  }
}
