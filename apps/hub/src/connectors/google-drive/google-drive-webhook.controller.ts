import { Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { UnauthorizedError } from '../../common/errors';
import { AcceptsBody } from '../../common/request-intake';
import { InboundEventRepository } from '../inbound-event.repository';
import { GoogleDriveChannels } from './google-drive-channels.service';
import { GoogleDriveSync } from './google-drive-sync.service';
import { PROVIDER } from './google-drive.settings';

/**
 * Drive push notifications (POST, no body; everything is in X-Goog-* headers): a request with a body is refused
 * (415), and the connection comes from the channel id checked together with its secret token. A notification only says
 * "something changed": the drive-sync job reads what from the changes feed. A channel id or token that is not
 * the connection's current one gets 401 and nothing happens; Google retries only 5xx answers.
 */
@ApiExcludeController()
@Controller('webhooks/google-drive')
export class GoogleDriveWebhookController {
  constructor(
    private readonly channels: GoogleDriveChannels,
    private readonly sync: GoogleDriveSync,
    private readonly inbound: InboundEventRepository,
  ) {}

  @Post()
  @HttpCode(204)
  @AcceptsBody('none')
  async notify(
    @Headers('x-goog-channel-id') channelId: string | undefined,
    @Headers('x-goog-channel-token') token: string | undefined,
    @Headers('x-goog-resource-state') state: string | undefined,
    @Headers('x-goog-message-number') messageNumber: string | undefined,
  ): Promise<void> {
    const connection = channelId && token ? await this.channels.verify(channelId, token) : undefined;
    if (!connection) throw new UnauthorizedError('invalid_channel', 'Unknown notification channel or token.');
    // The first message of every channel only confirms it was created.
    if (state === 'sync') return;
    const numbered = /^\d{1,20}$/.test(messageNumber ?? '');
    if (numbered && !(await this.inbound.firstSeen(PROVIDER, `${channelId}_${messageNumber}`))) return;
    await this.sync.dispatchSync(
      connection,
      `notify_${channelId}_${numbered ? messageNumber : randomBytes(8).toString('hex')}`,
    );
  }
}
