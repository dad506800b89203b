import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../../modules/api-keys/api-keys.module';
import { AuthModule } from '../../modules/auth/auth.module';
import { ImagesModule } from '../../modules/images/images.module';
import { ReviewModule } from '../../modules/review/review.module';
import { ConnectionsModule } from '../connections.module';
import { WordPressConnectController } from './wordpress-connect.controller';
import { WordPressReviewPublisher } from './wordpress-review.publisher';
import { WordPressSiteRepository } from './wordpress-site.repository';
import { WordPressUploads } from './wordpress-uploads';
import { WordPressConnector } from './wordpress.connector';

/**
 * WordPress: the plugin's one-click connect (approval, code exchange, disconnect). Tagging itself goes through
 * /v1/images; the plugin's uploads are recorded as the site's attachments, and a person's edit in the hub is sent back.
 */
@Module({
  imports: [AuthModule, ApiKeysModule, ConnectionsModule, ImagesModule, ReviewModule],
  controllers: [WordPressConnectController],
  providers: [WordPressConnector, WordPressSiteRepository, WordPressUploads, WordPressReviewPublisher],
})
export class WordPressModule {}
