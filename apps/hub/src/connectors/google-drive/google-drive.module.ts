import { Module } from '@nestjs/common';
import { AuthModule } from '../../modules/auth/auth.module';
import { ReviewModule } from '../../modules/review/review.module';
import { ConnectionsModule } from '../connections.module';
import { TaggingModule } from '../../modules/tagging/tagging.module';
import { GoogleDriveChannels } from './google-drive-channels.service';
import { GoogleDriveFolders } from './google-drive-folders.service';
import { GoogleDriveOAuthController } from './google-drive-oauth.controller';
import { GoogleDriveReviewPublisher } from './google-drive-review.publisher';
import { GoogleDriveSettingsController } from './google-drive-settings.controller';
import { GoogleDriveSync } from './google-drive-sync.service';
import { GoogleDriveTagger } from './google-drive-tagger.service';
import { GoogleDriveWebhookController } from './google-drive-webhook.controller';
import { GoogleDriveClient } from './google-drive.client';
import { GoogleDriveConnector } from './google-drive.connector';
import { OAuthState } from './oauth-state';

/**
 * Google Drive: OAuth connect, the owner's folder picker, watched folders (and, by choice, their subfolders) tagged
 * through changes.watch push channels, folder backfill, and a person's edits in the hub written back to the file.
 */
@Module({
  imports: [AuthModule, ConnectionsModule, ReviewModule, TaggingModule],
  controllers: [GoogleDriveOAuthController, GoogleDriveSettingsController, GoogleDriveWebhookController],
  providers: [
    GoogleDriveClient,
    GoogleDriveChannels,
    GoogleDriveFolders,
    GoogleDriveTagger,
    GoogleDriveSync,
    GoogleDriveConnector,
    GoogleDriveReviewPublisher,
    OAuthState,
  ],
})
export class GoogleDriveModule {}
