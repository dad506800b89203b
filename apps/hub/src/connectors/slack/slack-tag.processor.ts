import { Injectable, Logger } from '@nestjs/common';
import { TaggingError } from '@tagphoto/tagging';
import { HubError } from '../../common/errors';
import { JobHandler } from '../../jobs/job-handler.decorator';
import type { JobContext, JobPayloads } from '../../jobs/job-types';
import { ImageTaggingService } from '../../modules/tagging/image-tagging.service';
import { Vault } from '../../storage/vault';
import { ConnectionRepository } from '../connection.repository';
import { SlackImageSourceService } from './slack-image-source';
import { readSlackSettings, SLACK_PROVIDER } from './slack.settings';
import type { SlackSecrets } from './slack-installation.store';
import { plainMessage, resultMessage, SlackMessage, threadReply, withNote } from './slack-message';
import { postToResponseUrl } from './slack-response-url';
import { sourceRef, SlackTagRequest } from './slack-tag-request';
import { replyInThread } from './slack-thread-reply';

/**
 * Tags the image a Slack user asked for, after the request was acknowledged: fetch it into memory, tag it
 * inline (nothing stored but the result, under the owner's retention) in the language asked for or else the
 * workspace's, reply in the image's thread when the workspace chose that, and answer the asker through response_url.
 */
@Injectable()
export class SlackTagProcessor {
  private readonly logger = new Logger('slack-tag');

  constructor(
    private readonly connections: ConnectionRepository,
    private readonly images: SlackImageSourceService,
    private readonly tagging: ImageTaggingService,
    private readonly vault: Vault,
  ) {}

  @JobHandler('slack-tag')
  async tag(
    { ownerId, connectionId, request }: JobPayloads['slack-tag'],
    { attempt, isFinalAttempt }: JobContext,
  ): Promise<void> {
    const connection = await this.connections.get(ownerId, connectionId);
    const secrets = await this.connections.secrets<SlackSecrets & Record<string, unknown>>(ownerId, connectionId);
    // Uninstalled in the meantime: there is no one left to answer for.
    if (!connection || !secrets) return;
    const settings = readSlackSettings(connection.settings);
    const asked = this.vault.openJson<SlackTagRequest>(Buffer.from(request, 'base64'));
    let message: SlackMessage;
    let postedInThread = false;
    try {
      const image = await this.images.fetch(asked.source, secrets.botToken);
      const { result } = await this.tagging.tagInline(ownerId, image.bytes, {
        connector: SLACK_PROVIDER,
        language: asked.language ?? settings.language,
        fileName: image.name,
      });
      message = resultMessage(result, sourceRef(image.source), asked.replaceOriginal);
      // A re-run from the asker's buttons replaces only their answer; the thread already has its reply.
      if (settings.postInThread && !asked.replaceOriginal) {
        const thread = asked.thread ?? image.postedIn;
        const refused = thread ? await replyInThread(secrets.botToken, thread, threadReply(result)) : undefined;
        postedInThread = Boolean(thread) && !refused;
        message = withNote(
          message,
          !thread
            ? 'An image URL has no thread to reply in: this answer is only for you.'
            : refused
              ? `Not posted in the thread: ${refused}`
              : 'Also posted in the thread, for everyone in the channel.',
        );
      }
    } catch (error) {
      const readable = error instanceof HubError || error instanceof TaggingError;
      if (!readable && !isFinalAttempt) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`slack tag for connection ${connectionId} failed on attempt ${attempt}: ${reason}`);
      message = plainMessage(`TagPhoto could not tag that image. ${readable ? reason : 'Please try again later.'}`);
    }
    try {
      await postToResponseUrl(asked.responseUrl, message);
    } catch (error) {
      // The channel already has the result: a retry would tag the image again and post it there twice.
      if (!postedInThread) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`slack answer for connection ${connectionId} not delivered after the thread reply: ${reason}`);
    }
  }
}
