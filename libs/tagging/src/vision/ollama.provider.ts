import { z } from 'zod';
import { ChatServerProvider, type VisionServerConfig } from './chat-server';
import type { Prompt } from './prompt';
import { VISION_JSON_SCHEMA } from './suggestion';
import { VisionAnswerError } from './vision-provider';

/** Ollama's answer to a non-streamed chat: the message whose content is the JSON the schema asked for. */
const ollamaChatResponse = z.object({
  message: z.object({ role: z.string(), content: z.string() }),
  done: z.boolean().optional(),
});

/**
 * Ollama's native chat API: POST /api/chat with the image as base64 in the user message's `images`, the answer
 * constrained by `format` (a JSON schema), temperature 0 for repeatable captions, and no streaming.
 */
export class OllamaVisionProvider extends ChatServerProvider {
  constructor(config: VisionServerConfig) {
    super(config, 'ollama', 'api/chat');
  }

  protected body(jpeg: Buffer, prompt: Prompt): unknown {
    return {
      model: this.config.model,
      messages: [
        { role: 'system', content: prompt.system },
        { role: 'user', content: prompt.user, images: [jpeg.toString('base64')] },
      ],
      format: VISION_JSON_SCHEMA,
      options: { temperature: 0 },
      stream: false,
    };
  }

  protected content(answer: unknown): string {
    const parsed = ollamaChatResponse.safeParse(answer);
    if (!parsed.success) throw new VisionAnswerError('the Ollama server answered without a chat message');
    return parsed.data.message.content;
  }
}
