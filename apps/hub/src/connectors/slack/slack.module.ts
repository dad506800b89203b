import { Module } from '@nestjs/common';
import { AuthModule } from '../../modules/auth/auth.module';
import { ConnectionsModule } from '../connections.module';
import { TaggingModule } from '../../modules/tagging/tagging.module';
import { SlackBoltService } from './slack-bolt.service';
import { SlackEventsController } from './slack-events.controller';
import { SlackImageSourceService } from './slack-image-source';
import { SlackInstallController } from './slack-install.controller';
import { SlackInstallationStore } from './slack-installation.store';
import { SlackSettingsController } from './slack-settings.controller';
import { SlackTagProcessor } from './slack-tag.processor';
import { SlackConnector } from './slack.connector';

/**
 * Slack: "Add to Slack", /tag, the "Tag this image" shortcut, the workspace's settings (language, replies in the
 * image's thread), and uninstall clean-up (manifest.yml beside this file).
 */
@Module({
  imports: [AuthModule, ConnectionsModule, TaggingModule],
  controllers: [SlackEventsController, SlackInstallController, SlackSettingsController],
  providers: [SlackConnector, SlackInstallationStore, SlackBoltService, SlackImageSourceService, SlackTagProcessor],
})
export class SlackModule {}
