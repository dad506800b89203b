import { Inject, Injectable } from '@nestjs/common';
import {
  App,
  AuthorizeSourceData,
  BlockAction,
  ButtonAction,
  Context,
  MessageShortcut,
  StaticSelectAction,
} from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import { QUEUE_DRIVER, QueueDriver } from '../../jobs/queue-driver';
import { Vault } from '../../storage/vault';
import { InboundEventRepository } from '../inbound-event.repository';
import { isImageFile, SlackFile } from './slack-image-source';
import { SlackInstallationStore } from './slack-installation.store';
import { COPY_ALT_TEXT_ACTION, plainMessage, refFromBlockId, RETAG_ACTION } from './slack-message';
import { boltLogger, SlackHubReceiver } from './slack-receiver';
import { parseLanguage, parseTagCommand, SlackTagRequest, sourceFromRef } from './slack-tag-request';
import { SlackInstallError } from './slack.errors';
import { SLACK_PROVIDER, TAG_COMMAND, TAG_SHORTCUT_CALLBACK_ID } from './slack.settings';

/** Who a request is for, added to Bolt's context by authorize(). */
interface HubContext {
  ownerId: string;
  connectionId: string;
}

const hubContext = (context: Context): HubContext => ({
  ownerId: String(context.ownerId),
  connectionId: String(context.connectionId),
});

/**
 * The Bolt app: /tag, the "Tag this image" message shortcut, the buttons on an answer, and the uninstall and
 * token-revocation events. Every listener acknowledges first and queues the work (slack-tag).
 */
@Injectable()
export class SlackBoltService {
  readonly receiver = new SlackHubReceiver();
  private readonly app: App;

  constructor(
    private readonly installations: SlackInstallationStore,
    private readonly inboundEvents: InboundEventRepository,
    private readonly vault: Vault,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {
    this.app = new App({
      receiver: this.receiver,
      authorize: (source) => this.authorize(source),
      logger: boltLogger('slack-bolt'),
    });
    this.listen();
  }

  private async authorize(
    source: AuthorizeSourceData<boolean>,
  ): Promise<Record<string, string | undefined> & HubContext> {
    const found = await this.installations.find({
      teamId: source.teamId,
      enterpriseId: source.enterpriseId,
      isEnterpriseInstall: source.isEnterpriseInstall,
    });
    if (!found) throw new SlackInstallError('This Slack workspace is not connected to TagPhoto.');
    // botId and botUserId given here spare Bolt an auth.test call before every acknowledgement.
    return {
      botToken: found.secrets.botToken,
      botId: found.secrets.botId,
      botUserId: found.secrets.botUserId,
      teamId: source.teamId,
      enterpriseId: source.enterpriseId,
      ownerId: found.connection.ownerId,
      connectionId: found.connection.id,
    };
  }

  private listen(): void {
    this.app.command(TAG_COMMAND, async ({ command, ack, context }) => {
      const parsed = parseTagCommand(command.text, command.channel_id);
      if ('error' in parsed) return ack(plainMessage(parsed.error));
      await ack(
        plainMessage(
          parsed.source.kind === 'latest' ? 'Tagging the latest image in this channel…' : 'Tagging that image…',
        ),
      );
      await this.enqueue(hubContext(context), { ...parsed, responseUrl: command.response_url, replaceOriginal: false });
    });

    this.app.shortcut<MessageShortcut>(
      { callback_id: TAG_SHORTCUT_CALLBACK_ID, type: 'message_action' },
      async ({ shortcut, ack, respond, context }) => {
        await ack();
        const file = (shortcut.message.files as SlackFile[] | undefined)?.find(isImageFile);
        if (!file) return void (await respond(plainMessage('That message has no image file to tag.')));
        await this.enqueue(hubContext(context), {
          source: { kind: 'file', fileId: file.id, downloadUrl: file.url_private_download, name: file.name },
          responseUrl: shortcut.response_url,
          replaceOriginal: false,
          // A message inside a thread is answered in that thread, not in a new one under it.
          thread: {
            channelId: shortcut.channel.id,
            ts: (shortcut.message.thread_ts as string | undefined) ?? shortcut.message.ts,
          },
        });
      },
    );

    this.app.action<BlockAction<ButtonAction>>(COPY_ALT_TEXT_ACTION, async ({ action, ack, respond }) => {
      await ack();
      // Slack has no clipboard API: the alt text arrives as a plain message, ready to select and copy.
      await respond(plainMessage(action.value ?? ''));
    });

    this.app.action<BlockAction<StaticSelectAction>>(RETAG_ACTION, async ({ action, body, ack, respond, context }) => {
      await ack();
      const ref = refFromBlockId(action.block_id);
      const source = ref ? sourceFromRef(ref) : undefined;
      const language = parseLanguage(action.selected_option?.value);
      if (!source || !language)
        return void (await respond(plainMessage('That answer can no longer be re-run; use /tag again.')));
      await this.enqueue(hubContext(context), {
        source,
        language,
        responseUrl: body.response_url,
        replaceOriginal: true,
      });
    });

    this.app.event('app_uninstalled', async ({ body }) => {
      if (!(await this.inboundEvents.firstSeen(SLACK_PROVIDER, body.event_id))) return;
      await this.installations.deleteInstallation({
        teamId: body.team_id,
        enterpriseId: body.enterprise_id,
        isEnterpriseInstall: Boolean(body.is_enterprise_install),
      });
    });

    this.app.event('tokens_revoked', async ({ event, body }) => {
      if (!(await this.inboundEvents.firstSeen(SLACK_PROVIDER, body.event_id))) return;
      const query = {
        teamId: body.team_id,
        enterpriseId: body.enterprise_id,
        isEnterpriseInstall: Boolean(body.is_enterprise_install),
      };
      const found = await this.installations.find(query);
      // Only the bot token matters to TagPhoto; a user revoking their own token changes nothing here.
      if (found && (event.tokens.bot ?? []).includes(found.secrets.botUserId))
        await this.installations.deleteInstallation(query);
    });
  }

  private async enqueue(context: HubContext, request: SlackTagRequest): Promise<void> {
    // The response_url can post into the channel for half an hour: it waits in the queue sealed.
    const sealed = Buffer.from(this.vault.sealJson(request)).toString('base64');
    await this.queue.dispatch(
      'slack-tag',
      { ownerId: context.ownerId, connectionId: context.connectionId, request: sealed },
      randomUUID(),
    );
  }
}
