import { z } from 'zod';
import { postJson } from './http-json';
import { buildPrompt } from './prompt';
import { VISION_JSON_SCHEMA } from './suggestion';
import { VisionAnswerError, type VisionProvider, type VisionRequest } from './vision-provider';
import type { LookupFunction } from 'node:net';

export interface VisionServerConfig {
  /** The server's base URL, e.g. http://127.0.0.1:11434 (Ollama) or http://127.0.0.1:8080 (llama.cpp). */
  url: string;
  model: string;
  apiKey?: string;
  lookup?: LookupFunction;
}

/** Ollama's answer to a non-streamed chat: the message whose content is the JSON the schema asked for. */
const ollamaChatResponse = z.object({ message: z.object({ role: z.string(), content: z.string() }), done: z.boolean().optional() });

/**
 * Ollama's native chat API: POST /api/chat with the image as base64 in the user message's `images`, the answer
 * constrained by `format` (a JSON schema), temperature 0 for repeatable captions, and no streaming.
 */
export class OllamaVisionProvider implements VisionProvider {
  readonly model: string;
  private readonly endpoint: URL;

  constructor(private readonly config: VisionServerConfig) {
    this.model = `ollama:${config.model}`;
    this.endpoint = new URL('api/chat', withSlash(config.url));
  }

  async suggest(request: VisionRequest, signal: AbortSignal): Promise<string> {
    const prompt = buildPrompt(request.findings, request.language);
    const body = {
      model: this.config.model,
      messages: [
        { role: 'system', content: prompt.system },
        { role: 'user', content: prompt.user, images: [request.jpeg.toString('base64')] },
      ],
      format: VISION_JSON_SCHEMA,
      options: { temperature: 0 },
      stream: false,
    };
    const headers = this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : undefined;
    const answer = ollamaChatResponse.safeParse(await postJson(this.endpoint, body, { headers, lookup: this.config.lookup, signal }));
    if (!answer.success) throw new VisionAnswerError('the Ollama server answered without a chat message');
    return answer.data.message.content;
  }
}

/** `new URL('api/chat', base)` keeps a base path (a reverse proxy's /ollama/) only when the base ends in a slash. */
export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
