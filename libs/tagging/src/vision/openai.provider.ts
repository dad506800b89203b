import { z } from 'zod';
import { ChatServerProvider, type VisionServerConfig } from './chat-server';
import type { Prompt } from './prompt';
import { VISION_JSON_SCHEMA } from './suggestion';
import { VisionAnswerError } from './vision-provider';

/** The first choice's message; `refusal` is set instead of `content` when the model declines. */
const chatCompletion = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable().optional(), refusal: z.string().nullable().optional() }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
});

/**
 * The OpenAI-compatible chat completions API (llama.cpp's llama-server, vLLM, LM Studio, Ollama's /v1):
 * POST /v1/chat/completions with the image as an `image_url` content part holding a data URI, and
 * `response_format` of type `json_schema` (strict) so the server constrains the answer.
 */
export class OpenAiVisionProvider extends ChatServerProvider {
  constructor(config: VisionServerConfig) {
    super(config, 'openai', 'v1/chat/completions');
  }

  protected body(jpeg: Buffer, prompt: Prompt): unknown {
    return {
      model: this.config.model,
      messages: [
        { role: 'system', content: prompt.system },
        {
          role: 'user',
          content: [
            { type: 'text', text: prompt.user },
            { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${jpeg.toString('base64')}` } },
          ],
        },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'image_caption', strict: true, schema: VISION_JSON_SCHEMA },
      },
      temperature: 0,
      stream: false,
    };
  }

  protected content(answer: unknown): string {
    const parsed = chatCompletion.safeParse(answer);
    if (!parsed.success) throw new VisionAnswerError('the chat completions server answered without a choice');
    const message = parsed.data.choices[0].message;
    if (typeof message.content !== 'string')
      throw new VisionAnswerError(`the model declined: ${message.refusal ?? 'no content'}`);
    return message.content;
  }
}
