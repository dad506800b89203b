import type { Type } from '@nestjs/common';
import { GoogleDriveModule } from './google-drive/google-drive.module';
import { ShopifyModule } from './shopify/shopify.module';
import { SlackModule } from './slack/slack.module';
import { WordPressModule } from './wordpress/wordpress.module';

/** Every connector module the hub runs. Adding a connector = its folder + one line here. */
export const CONNECTOR_MODULES: Type[] = [
  GoogleDriveModule,
  ShopifyModule,
  SlackModule,
  WordPressModule,
];
