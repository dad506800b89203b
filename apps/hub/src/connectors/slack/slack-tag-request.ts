import { LANGUAGES, Language } from '@tagphoto/contracts';

/** Where the image to tag comes from. */
export type SlackImageSource =
  | { kind: 'url'; url: string }
  | { kind: 'file'; fileId: string; downloadUrl?: string; name?: string }
  | { kind: 'latest'; channelId: string };

/** A message in a channel: where a reply in its thread goes (`ts` of the thread's first message). */
export interface SlackThread {
  channelId: string;
  ts: string;
}

/** Everything the slack-tag job needs besides the connection; sealed while it waits in the queue. */
export interface SlackTagRequest {
  source: SlackImageSource;
  /** The language the asker named; without one, the workspace's (its settings, read when the job runs). */
  language?: Language;
  responseUrl: string;
  /** True when the answer replaces the message it came from (a re-run from its buttons). */
  replaceOriginal: boolean;
  /** The message the image was shared in, when the request came from it (the shortcut). */
  thread?: SlackThread;
}

export type ParsedTagCommand = { source: SlackImageSource; language?: Language } | { error: string };

const isLanguage = (word: string): word is Language => (LANGUAGES as readonly string[]).includes(word);

/** `/tag`, `/tag <image URL>`, optionally followed by a language code: `/tag https://… de` (else the workspace's). */
export function parseTagCommand(text: string, channelId: string): ParsedTagCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let language: Language | undefined;
  if (words.length > 0 && isLanguage(words[words.length - 1].toLowerCase()))
    language = words.pop()!.toLowerCase() as Language;
  if (words.length === 0) return { source: { kind: 'latest', channelId }, ...(language && { language }) };
  // Slack wraps links it recognises in angle brackets: <https://…> or <https://…|label>.
  const url = words[0].replace(/^<([^|>]+)(\|[^>]*)?>$/, '$1');
  if (words.length > 1 || !/^https?:\/\/\S+$/i.test(url)) {
    return {
      error: `Usage: \`/tag [image URL] [${LANGUAGES.join('|')}]\`. Without a URL, the latest image in this channel is tagged.`,
    };
  }
  return { source: { kind: 'url', url }, ...(language && { language }) };
}

const SOURCE_REF_LIMIT = 255;

/** A compact reference to a source that fits in a Block Kit block_id (255 characters), or undefined. */
export function sourceRef(source: SlackImageSource): string | undefined {
  const ref =
    source.kind === 'url' ? `url:${source.url}` : source.kind === 'file' ? `file:${source.fileId}` : undefined;
  return ref && ref.length <= SOURCE_REF_LIMIT ? ref : undefined;
}

export function sourceFromRef(ref: string): SlackImageSource | undefined {
  if (ref.startsWith('url:')) return { kind: 'url', url: ref.slice(4) };
  if (ref.startsWith('file:') && /^F[A-Z0-9]+$/.test(ref.slice(5))) return { kind: 'file', fileId: ref.slice(5) };
  return undefined;
}

export const parseLanguage = (value: string | undefined): Language | undefined =>
  value && isLanguage(value) ? value : undefined;
