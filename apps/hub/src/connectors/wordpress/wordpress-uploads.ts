import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock';
import type { Principal } from '../../modules/auth/principal';
import { ImageOrigin, ImageOriginResolver, ImageOrigins } from '../../modules/images/image-origins';
import { ConnectionRepository } from '../connection.repository';
import { WORDPRESS_PROVIDER } from './wordpress-authorization';
import { attachmentOfCallback } from './wordpress-attachments';
import { WordPressSiteRepository } from './wordpress-site.repository';

/**
 * Recognises the plugin's uploads among POST /v1/images requests: sent with a connected site's own API key and a
 * callback to that site's callback route. Such an image is recorded as WordPress's, linked to the site's attachment
 * (a connector item), so a person's later edit in the hub is published back to it.
 */
@Injectable()
export class WordPressUploads implements ImageOriginResolver, OnModuleInit {
  constructor(
    private readonly origins: ImageOrigins,
    private readonly sites: WordPressSiteRepository,
    private readonly connections: ConnectionRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.origins.register(this);
  }

  async resolve(principal: Principal, callbackUrl: string | undefined): Promise<ImageOrigin | undefined> {
    if (!principal.apiKeyId || !callbackUrl) return undefined;
    const site = await this.sites.findByApiKey(principal.ownerId, principal.apiKeyId);
    if (!site || site.status !== 'active') return undefined;
    const attachmentId = attachmentOfCallback(callbackUrl, site.siteUrl);
    if (!attachmentId) return undefined;
    return {
      connector: WORDPRESS_PROVIDER,
      externalId: attachmentId,
      // The newest image of an attachment is the one its edits belong to: sending it again moves the link.
      link: (imageId) =>
        this.connections.setItem(principal.ownerId, site.id, attachmentId, '', imageId, this.clock.now()),
    };
  }
}
