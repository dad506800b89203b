import type { LookupFunction } from 'node:net';
import { postJson } from './http-json';
import { buildPrompt, type Prompt } from './prompt';
import type { VisionProvider, VisionRequest } from './vision-provider';

export interface VisionServerConfig {
  /** The server's base URL, e.g. http://127.0.0.1:11434 (Ollama) or http://127.0.0.1:8080 (llama.cpp). */
  url: string;
  model: string;
  apiKey?: string;
  lookup?: LookupFunction;
}

/** What both wire formats share: one POST of a system and a user message with the picture, answered with JSON text. */
export abstract class ChatServerProvider implements VisionProvider {
  readonly model: string;
  private readonly endpoint: URL;

  protected constructor(
    protected readonly config: VisionServerConfig,
    api: string,
    path: string,
  ) {
    this.model = `${api}:${config.model}`;
    // `new URL(path, base)` keeps a base path (a reverse proxy's /ollama/) only when the base ends in a slash.
    this.endpoint = new URL(path, config.url.endsWith('/') ? config.url : `${config.url}/`);
  }

  async suggest(request: VisionRequest, signal: AbortSignal): Promise<string> {
    const body = this.body(request.jpeg, buildPrompt(request.findings, request.language));
    const headers = this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : undefined;
    return this.content(await postJson(this.endpoint, body, { headers, lookup: this.config.lookup, signal }));
  }

  /** The request body in this wire format. */
  protected abstract body(jpeg: Buffer, prompt: Prompt): unknown;

  /** The model's answer text out of this wire format's envelope; VisionAnswerError when there is none. */
  protected abstract content(answer: unknown): string;
}
