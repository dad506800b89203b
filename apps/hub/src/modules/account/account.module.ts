import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ImagesModule } from '../images/images.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { ReviewModule } from '../review/review.module';
import { AccountController } from './account.controller';
import { AccountDeletionService } from './account-deletion.service';
import { AccountExportService } from './account-export.service';

@Module({
  imports: [AuthModule, ImagesModule, PrivacyModule, ReviewModule],
  controllers: [AccountController],
  providers: [AccountExportService, AccountDeletionService],
  exports: [AccountDeletionService],
})
export class AccountModule {}
