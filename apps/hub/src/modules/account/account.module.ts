import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AuthModule } from '../auth/auth.module';
import { ConnectionsModule } from '../../connectors/connections.module';
import { ConnectorsModule } from '../../connectors/connectors.module';
import { ImagesModule } from '../images/images.module';
import { PrivacySettingsModule } from '../privacy/privacy-settings.module';
import { ReviewModule } from '../review/review.module';
import { UsageModule } from '../usage/usage.module';
import { AccountController } from './account.controller';
import { AccountDeletionService } from './account-deletion.service';
import { AccountExportService } from './account-export.service';

/** Export and deletion of a whole account: every feature's data, read through the service each feature exports. */
@Module({
  imports: [
    ApiKeysModule,
    AuthModule,
    ConnectionsModule,
    ConnectorsModule,
    ImagesModule,
    PrivacySettingsModule,
    ReviewModule,
    UsageModule,
  ],
  controllers: [AccountController],
  providers: [AccountExportService, AccountDeletionService],
  exports: [AccountDeletionService],
})
export class AccountModule {}
