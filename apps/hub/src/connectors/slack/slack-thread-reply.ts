import { webApi } from '@slack/bolt';
import type { SlackChannelMessage } from './slack-message';
import type { SlackThread } from './slack-tag-request';

/** What the asker can do about each refusal Slack documents for chat.postMessage. */
const REASONS: Record<string, string> = {
  not_in_channel: 'invite TagPhoto to this channel first (`/invite @TagPhoto`).',
  channel_not_found: 'TagPhoto cannot see this channel; invite it first (`/invite @TagPhoto`).',
  missing_scope: "TagPhoto may not post yet: add it to Slack again from the hub's Connections page.",
  is_archived: 'the channel is archived.',
  restricted_action: "the workspace's settings do not let apps post in this channel.",
};

/**
 * Posts the result as a reply in the thread of the image's message, visible to the channel, with the bot token.
 * Returns why it could not (said to the asker under their answer), or undefined once posted: never thrown, so a
 * refusal here does not tag the image again.
 */
export async function replyInThread(
  botToken: string,
  thread: SlackThread,
  message: SlackChannelMessage,
): Promise<string | undefined> {
  try {
    await new webApi.WebClient(botToken, { retryConfig: { retries: 1 } }).chat.postMessage({
      channel: thread.channelId,
      thread_ts: thread.ts,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    return undefined;
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (!code) return 'Slack could not be reached.';
    return REASONS[code] ?? `Slack answered "${code}".`;
  }
}
