import { Inject, Injectable } from '@nestjs/common';
import { webApi } from '@slack/bolt';
import { fetchBytes } from '../../common/outbound/fetch-bytes';
import { SsrfGuard } from '../../common/outbound/ssrf-guard';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { SlackImageError } from './slack.errors';
import type { SlackImageSource, SlackThread } from './slack-tag-request';

/** A file as Slack describes it in messages, files.info and conversations.history. */
export interface SlackFile {
  id: string;
  name?: string;
  mimetype?: string;
  url_private_download?: string;
}

export interface SlackImage {
  bytes: Buffer;
  name?: string;
  /** The source as it can be found again (the latest image of a channel becomes that file). */
  source: SlackImageSource;
  /** The message the image was found in (the latest image of a channel), for a reply in its thread. */
  postedIn?: SlackThread;
}

/** How far back `/tag` without a URL looks for an image. */
const HISTORY_LIMIT = 50;

export const isImageFile = (file: SlackFile): boolean =>
  Boolean(file.mimetype?.startsWith('image/') && file.url_private_download);

/** The bot token may only ever be sent to Slack's own file host. */
export function assertSlackFileUrl(url: string): URL {
  const parsed = new URL(url);
  if (
    parsed.protocol !== 'https:' ||
    !(parsed.hostname === 'files.slack.com' || parsed.hostname.endsWith('.slack.com'))
  ) {
    throw new SlackImageError('That file is not hosted by Slack, so TagPhoto will not send it the bot token.');
  }
  return parsed;
}

/**
 * Fetches the bytes of the image a Slack user pointed at: a URL through the hub's SSRF-guarded fetch, a Slack
 * file with the bot token (url_private_download), or the latest image in a channel via conversations.history.
 * The bytes live only in memory.
 */
@Injectable()
export class SlackImageSourceService {
  private readonly guard: SsrfGuard;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {
    this.guard = new SsrfGuard(config.TAGPHOTO_FETCH_ALLOW_HOSTS);
  }

  async fetch(source: SlackImageSource, botToken: string): Promise<SlackImage> {
    if (source.kind === 'url') {
      const { bytes, finalUrl } = await fetchBytes(source.url, this.guard, this.limits());
      return {
        bytes,
        name: decodeURIComponent(new URL(finalUrl).pathname.split('/').pop() ?? '') || undefined,
        source,
      };
    }
    const client = new webApi.WebClient(botToken, { retryConfig: { retries: 1 } });
    const { file, postedIn } =
      source.kind === 'file'
        ? { file: await this.describeFile(client, source), postedIn: undefined }
        : await this.latestImage(client, source.channelId);
    return {
      bytes: await this.download(file.url_private_download!, botToken),
      name: file.name,
      source: { kind: 'file', fileId: file.id },
      ...(postedIn && { postedIn }),
    };
  }

  private async describeFile(
    client: webApi.WebClient,
    source: Extract<SlackImageSource, { kind: 'file' }>,
  ): Promise<SlackFile> {
    if (source.downloadUrl) return { id: source.fileId, name: source.name, url_private_download: source.downloadUrl };
    const info = await this.call(() => client.files.info({ file: source.fileId }));
    const file = info.file as SlackFile | undefined;
    if (!file || !isImageFile(file)) throw new SlackImageError('That file is not an image TagPhoto can read.');
    return file;
  }

  private async latestImage(
    client: webApi.WebClient,
    channelId: string,
  ): Promise<{ file: SlackFile; postedIn?: SlackThread }> {
    const history = await this.call(() => client.conversations.history({ channel: channelId, limit: HISTORY_LIMIT }));
    for (const message of history.messages ?? []) {
      const file = (message.files as SlackFile[] | undefined)?.find(isImageFile);
      // A reply in a thread is listed here only when also sent to the channel: its thread is the one to answer in.
      const ts = message.thread_ts ?? message.ts;
      if (file) return { file, ...(ts && { postedIn: { channelId, ts } }) };
    }
    throw new SlackImageError(
      `No image in the last ${HISTORY_LIMIT} messages of this channel. Try \`/tag <image URL>\`.`,
    );
  }

  private async download(url: string, botToken: string): Promise<Buffer> {
    const limits = this.limits();
    const response = await fetch(assertSlackFileUrl(url), {
      headers: { authorization: `Bearer ${botToken}` },
      redirect: 'error',
      signal: AbortSignal.timeout(limits.timeoutMs),
    });
    // Without files:read Slack answers a sign-in page instead of the file.
    if (!response.ok || response.headers.get('content-type')?.startsWith('text/html')) {
      throw new SlackImageError(
        `Slack did not hand over the file (HTTP ${response.status}); reinstall TagPhoto so it has the files:read scope.`,
      );
    }
    if (Number(response.headers.get('content-length') ?? 0) > limits.maxBytes)
      throw new SlackImageError(`The file is larger than ${limits.maxBytes} bytes.`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > limits.maxBytes) throw new SlackImageError(`The file is larger than ${limits.maxBytes} bytes.`);
    return bytes;
  }

  /** Slack API refusals a user can act on become readable messages; anything else is retried by the job. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code === 'not_in_channel' || code === 'channel_not_found') {
        throw new SlackImageError(
          'TagPhoto cannot read this channel: invite it first (`/invite @TagPhoto`), or use `/tag <image URL>`.',
        );
      }
      if (code === 'missing_scope')
        throw new SlackImageError('TagPhoto lacks a Slack permission for this; ask an admin to reinstall it.');
      if (code === 'file_not_found' || code === 'file_deleted')
        throw new SlackImageError('That file is gone from Slack.');
      throw error;
    }
  }

  private limits(): { maxBytes: number; timeoutMs: number } {
    return { maxBytes: this.config.TAGPHOTO_MAX_UPLOAD_BYTES, timeoutMs: this.config.TAGPHOTO_FETCH_TIMEOUT_MS };
  }
}
