import { LANGUAGE_NAMES, LANGUAGES, TaggingResult } from '@tagphoto/contracts';
import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;

export const COPY_ALT_TEXT_ACTION = 'tagphoto_copy_alt_text';
export const RETAG_ACTION = 'tagphoto_retag';
const ACTIONS_BLOCK_PREFIX = 'tagphoto:';

export interface SlackMessage {
  response_type: 'ephemeral';
  replace_original: boolean;
  text: string;
  blocks?: KnownBlock[];
}

/** Slack's mrkdwn treats these three as control characters. */
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** A message for everyone in a channel (chat.postMessage): no response_url fields. */
export interface SlackChannelMessage {
  text: string;
  blocks: KnownBlock[];
}

const NOT_KEPT = 'Tagged by TagPhoto on your own hub. The image itself was not kept.';

/** Title, alt text, top tags with confidence and the OCR text: what every answer shows. */
function resultBlocks(result: TaggingResult): KnownBlock[] {
  const tags = result.tags.slice(0, 8).map((tag) => `\`${escape(tag.label)}\` ${Math.round(tag.confidence * 100)}%`);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(result.title || 'Tagged image', 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: `*Alt text*\n${escape(clip(result.altText, 2900))}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*Tags*\n${tags.length > 0 ? tags.join('  ·  ') : '_none_'}` } },
  ];
  if (result.text.trim()) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Text in the image*\n\`\`\`${escape(clip(result.text.trim(), 2800))}\`\`\`` },
    });
  }
  return blocks;
}

/**
 * The answer to /tag and the shortcut: alt text, title, top tags with confidence, OCR text, and buttons to
 * copy the alt text or re-run in another language. `ref` (see sourceRef) lets the re-run find the image again.
 */
export function resultMessage(result: TaggingResult, ref: string | undefined, replaceOriginal: boolean): SlackMessage {
  const blocks = resultBlocks(result);
  blocks.push({
    type: 'actions',
    block_id: ref ? `${ACTIONS_BLOCK_PREFIX}${ref}` : ACTIONS_BLOCK_PREFIX,
    elements: [
      {
        type: 'button',
        action_id: COPY_ALT_TEXT_ACTION,
        text: { type: 'plain_text', text: 'Copy alt text' },
        value: clip(result.altText, 2000),
      },
      ...(ref
        ? [
            {
              type: 'static_select' as const,
              action_id: RETAG_ACTION,
              placeholder: { type: 'plain_text' as const, text: 'Re-run in…' },
              options: LANGUAGES.filter((language) => language !== result.language).map((language) => ({
                text: { type: 'plain_text' as const, text: LANGUAGE_NAMES[language] },
                value: language,
              })),
            },
          ]
        : []),
    ],
  });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: NOT_KEPT }] });
  return {
    response_type: 'ephemeral',
    replace_original: replaceOriginal,
    text: clip(result.altText || result.title, 3000),
    blocks,
  };
}

/**
 * The reply in the image's thread, for the whole channel: the same result without the asker's buttons (a re-run
 * from a channel message would answer only the one who pressed it).
 */
export const threadReply = (result: TaggingResult): SlackChannelMessage => ({
  text: clip(result.altText || result.title, 3000),
  blocks: [...resultBlocks(result), { type: 'context', elements: [{ type: 'mrkdwn', text: NOT_KEPT }] }],
});

/** The answer with one more line under it (what happened to the reply in the thread). */
export function withNote(message: SlackMessage, note: string): SlackMessage {
  return {
    ...message,
    blocks: [...(message.blocks ?? []), { type: 'context', elements: [{ type: 'mrkdwn', text: escape(note) }] }],
  };
}

/** A short ephemeral note (an error, or the alt text as plain text to copy). */
export const plainMessage = (text: string): SlackMessage => ({
  response_type: 'ephemeral',
  replace_original: false,
  text,
});

/** The image reference a re-run button carries in its block id. */
export const refFromBlockId = (blockId: string): string | undefined =>
  blockId.startsWith(ACTIONS_BLOCK_PREFIX) && blockId.length > ACTIONS_BLOCK_PREFIX.length
    ? blockId.slice(ACTIONS_BLOCK_PREFIX.length)
    : undefined;
