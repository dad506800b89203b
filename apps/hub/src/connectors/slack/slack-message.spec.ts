import type { TaggingResult } from '@tagphoto/contracts';
import { taggingResult } from '../../../../../libs/contracts/testing/tagging-result';
import {
  COPY_ALT_TEXT_ACTION,
  refFromBlockId,
  resultMessage,
  RETAG_ACTION,
  threadReply,
  withNote,
} from './slack-message';

const result: TaggingResult = taggingResult({
  tags: [
    { label: 'cat', confidence: 0.91, source: 'objects' },
    { label: 'sofa <3', confidence: 0.42, source: 'objects' },
  ],
  title: 'A cat on a sofa',
  description: 'A cat lying on a sofa.',
  altText: 'A cat lying on a sofa & a blanket',
  text: 'SALE',
});

type Block = { type: string; text?: { text: string }; block_id?: string; elements?: Array<Record<string, unknown>> };

describe('resultMessage', () => {
  const message = resultMessage(result, 'url:https://example.org/cat.jpg', false);
  const blocks = message.blocks as unknown as Block[];
  const texts = blocks.map((block) => block.text?.text ?? '').join('\n');

  it('shows title, escaped alt text, tags with confidence and the OCR text', () => {
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'A cat on a sofa' } });
    expect(texts).toContain('A cat lying on a sofa &amp; a blanket');
    expect(texts).toContain('`cat` 91%');
    expect(texts).toContain('`sofa &lt;3` 42%');
    expect(texts).toContain('```SALE```');
    expect(message.response_type).toBe('ephemeral');
  });

  it('offers the alt text to copy and every other language to re-run in', () => {
    const actions = blocks.find((block) => block.type === 'actions')!;
    expect(refFromBlockId(actions.block_id!)).toBe('url:https://example.org/cat.jpg');
    const copy = actions.elements!.find((element) => element.action_id === COPY_ALT_TEXT_ACTION)!;
    expect(copy.value).toBe(result.altText);
    const retag = actions.elements!.find((element) => element.action_id === RETAG_ACTION)! as {
      options: Array<{ value: string }>;
    };
    expect(retag.options.map((option) => option.value)).toEqual(['de', 'fr', 'es', 'it', 'pt', 'nl']);
  });

  it('leaves out the OCR section when the image has no text, and the re-run when the image cannot be found again', () => {
    const bare = resultMessage({ ...result, text: '' }, undefined, true).blocks as unknown as Block[];
    expect(bare.some((block) => block.text?.text.includes('Text in the image'))).toBe(false);
    const actions = bare.find((block) => block.type === 'actions')!;
    expect(actions.elements!.map((element) => element.action_id)).toEqual([COPY_ALT_TEXT_ACTION]);
    expect(refFromBlockId(actions.block_id!)).toBeUndefined();
  });
});

describe('threadReply', () => {
  it('shows the channel the same result, without the buttons that would answer only the one who pressed them', () => {
    const reply = threadReply(result);
    const blocks = reply.blocks as unknown as Block[];
    expect(reply.text).toBe(result.altText);
    expect(blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'section', 'context']);
    expect(JSON.stringify(reply)).not.toContain('response_type');
  });
});

describe('withNote', () => {
  it('adds one escaped line under the answer and keeps the rest', () => {
    const message = resultMessage(result, undefined, false);
    const noted = withNote(message, 'Not posted in the thread: <reasons> & more');
    expect(noted.blocks!.slice(0, -1)).toEqual(message.blocks);
    expect(noted.blocks!.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Not posted in the thread: &lt;reasons&gt; &amp; more' }],
    });
  });
});
