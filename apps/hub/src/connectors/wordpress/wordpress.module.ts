import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../../modules/api-keys/api-keys.module';
import { AuthModule } from '../../modules/auth/auth.module';
import { ConnectionsModule } from '../connections.module';
import { WordPressConnectController } from './wordpress-connect.controller';
import { WordPressSiteRepository } from './wordpress-site.repository';
import { WordPressConnector } from './wordpress.connector';

/** WordPress: the plugin's one-click connect (approval, code exchange, disconnect). Tagging itself goes through /v1/images. */
@Module({
  imports: [AuthModule, ApiKeysModule, ConnectionsModule],
  controllers: [WordPressConnectController],
  providers: [WordPressConnector, WordPressSiteRepository],
})
export class WordPressModule {}
