import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { taggingResultSchema, type TaggingResult } from '@tagphoto/contracts';
import sharp from 'sharp';
import {
  startFakeVisionServer,
  type FakeVisionServer,
  type ReceivedRequest,
  type Reply,
} from '../../testing/fake-vision-server';
import { TaggingEngine } from '../engine';
import type { Signals } from '../signals';
import { OllamaVisionProvider } from './ollama.provider';
import { OpenAiVisionProvider } from './openai.provider';
import { VisionCaptioner } from './vision-captioner';

const sharedModels = process.env.TAGPHOTO_MODEL_DIR ?? resolve(__dirname, '../../../../shared/models');
/** A tabby cat on a rug, 451×300; the detector sees no person in it. */
const cat = readFileSync(join(__dirname, '..', 'decode', 'fixtures', 'chelsea.jpg'));

const answer = (fields: Record<string, unknown>): Reply => ({
  content: JSON.stringify({
    altText: 'A tabby cat resting on a patterned rug',
    title: 'Tabby cat',
    description: 'A tabby cat lies on a patterned rug and looks into the camera.',
    tags: ['cat', 'whiskers', 'rug', 'grey'],
    subject: 'cat',
    people: 0,
    ...fields,
  }),
});

/** The image, system prompt and user prompt of a request, whichever wire format carried them. */
function unpack(
  api: 'ollama' | 'openai',
  request: ReceivedRequest,
): { jpeg: Buffer; system: string; user: string; schema: any } {
  const [system, user] = request.body.messages;
  if (api === 'ollama') {
    return {
      jpeg: Buffer.from(user.images[0], 'base64'),
      system: system.content,
      user: user.content,
      schema: request.body.format,
    };
  }
  const text = user.content.find((part: { type: string }) => part.type === 'text');
  const image = user.content.find((part: { type: string }) => part.type === 'image_url');
  const [, base64] = /^data:image\/jpeg;base64,(.+)$/.exec(image.image_url.url)!;
  return {
    jpeg: Buffer.from(base64, 'base64'),
    system: system.content,
    user: text.text,
    schema: request.body.response_format.json_schema.schema,
  };
}

describe.each(['ollama', 'openai'] as const)('captions from a vision model over the %s wire format', (api) => {
  let server: FakeVisionServer;
  let engine: TaggingEngine;
  let builtIn: TaggingResult;
  let signals: Signals;

  beforeAll(async () => {
    server = await startFakeVisionServer(api, () => answer({}));
    const config = { url: server.url, model: 'qwen2.5vl:7b', apiKey: 'local-secret' };
    const provider = api === 'ollama' ? new OllamaVisionProvider(config) : new OpenAiVisionProvider(config);
    // Failures of these tests must not open the circuit for the next one; the breaker has its own test.
    const vision = new VisionCaptioner(provider, { longSide: 256, failureThreshold: 1000, retries: 0 });
    engine = await TaggingEngine.create({ modelDir: sharedModels, threads: 1, vision });
    builtIn = await engine.analyze(cat, { vision: false });
    signals = (await engine.signals(cat)).signals;
  });
  afterAll(async () => {
    await engine.close();
    await server.close();
  });
  beforeEach(() => server.received.splice(0));

  it('uses a good answer for alt text, title, description and tags, and records that the vision model wrote them', async () => {
    server.reply(() => answer({}));
    const result = await engine.analyze(cat);
    expect(taggingResultSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({
      altText: 'A tabby cat resting on a patterned rug',
      title: 'Tabby cat',
      description: 'A tabby cat lies on a patterned rug and looks into the camera.',
      sources: { altText: 'vision', title: 'vision', description: 'vision', tags: 'vision' },
      review: builtIn.review,
    });
    expect(result.models.vision).toBe(`${api}:qwen2.5vl:7b`);
    expect(result.tags).toContainEqual({ label: 'whiskers', confidence: 0.6, source: 'vision' });
    // Colours are the built-in analyzer's alone: the model's "grey" is not a tag.
    expect(result.tags.filter((tag) => tag.source === 'vision').map((tag) => tag.label)).not.toContain('grey');
    expect(result.tags.filter((tag) => tag.source !== 'vision')).toEqual(builtIn.tags);
    // What the built-in models measure stays theirs.
    expect({
      text: result.text,
      safety: result.safety,
      faces: result.faces,
      colors: result.colors,
      objects: result.objects,
    }).toEqual({
      text: builtIn.text,
      safety: builtIn.safety,
      faces: builtIn.faces,
      colors: builtIn.colors,
      objects: builtIn.objects,
    });
  });

  it('sends the model name, the picture as a JPEG bounded to the long side, the JSON schema and the language in the prompt', async () => {
    server.reply(() =>
      answer({
        altText: 'Eine getigerte Katze auf einem gemusterten Teppich',
        title: 'Getigerte Katze',
        description: 'Eine Katze liegt auf einem Teppich.',
      }),
    );
    const result = await engine.analyze(cat, { language: 'de' });
    expect(result.sources.altText).toBe('vision');
    expect(server.received).toHaveLength(1);
    const request = server.received[0];
    expect(request.body.model).toBe('qwen2.5vl:7b');
    expect(request.headers.authorization).toBe('Bearer local-secret');
    if (api === 'ollama') {
      expect(request.path).toBe('/api/chat');
      expect(request.body).toMatchObject({ stream: false, options: { temperature: 0 } });
    } else {
      expect(request.path).toBe('/v1/chat/completions');
      expect(request.body).toMatchObject({
        stream: false,
        temperature: 0,
        response_format: { type: 'json_schema', json_schema: { name: 'image_caption', strict: true } },
      });
    }
    const { jpeg, system, user, schema } = unpack(api, request);
    const metadata = await sharp(jpeg).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 256, 170]);
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['altText', 'title', 'description', 'tags', 'subject', 'people'],
      properties: {
        altText: { type: 'string', maxLength: 125 },
        tags: { type: 'array', items: { type: 'string' } },
        people: { type: 'integer' },
      },
    });
    expect(system).toContain('auf Deutsch');
    expect(user).toContain('Beschreibe dieses Bild');
    // The built-in findings go along as hints: the detector's objects and the colours it measured.
    const objects = signals.objects!.objects.map((o) => `${o.label} (${Math.round(o.confidence * 100)}%)`);
    expect(objects.length).toBeGreaterThan(0);
    expect(user).toContain(`Objekte: ${objects.join(', ')}`);
    expect(user).toContain(`Farben: ${signals.colors!.colors.map((c) => c.name).join(', ')}`);
  });

  it.each<[string, Reply]>([
    ['an answer that is not JSON', { content: 'A tabby cat resting on a rug.' }],
    [
      'JSON outside the schema (no title, an extra field)',
      { content: JSON.stringify({ altText: 'A cat', tags: [], subject: 'cat', people: 0, mood: 'calm' }) },
    ],
    ['an alt text over 125 characters', answer({ altText: `A tabby cat ${'resting quietly '.repeat(9)}on a rug` })],
    ['an alt text that says "image of"', answer({ altText: 'Image of a tabby cat on a rug' })],
    [
      'a caption in another language than asked',
      answer({
        altText: 'Un gato atigrado sobre una alfombra',
        title: 'Gato atigrado',
        description: 'Un gato descansa sobre una alfombra de colores.',
      }),
    ],
  ])('keeps the built-in caption and asks for review on %s', async (_, reply) => {
    server.reply(() => reply);
    const result = await engine.analyze(cat);
    expect(result).toMatchObject({
      altText: builtIn.altText,
      title: builtIn.title,
      description: builtIn.description,
      tags: builtIn.tags,
    });
    expect(result.sources).toEqual({
      altText: 'built-in',
      title: 'built-in',
      description: 'built-in',
      tags: 'built-in',
    });
    expect(result.review).toEqual({ needed: true, reasons: [...builtIn.review.reasons, 'vision answer invalid'] });
    expect(result.models.vision).toBeUndefined();
    expect(server.received).toHaveLength(1);
  });

  it('keeps the built-in caption and asks for review when the caption claims people the detector did not see', async () => {
    server.reply(() => answer({ altText: 'A woman holding a tabby cat on a rug', people: 1 }));
    const result = await engine.analyze(cat);
    expect(result.altText).toBe(builtIn.altText);
    expect(result.review).toEqual({
      needed: true,
      reasons: [...builtIn.review.reasons, 'vision contradicts built-in findings'],
    });
  });

  it('asks nothing of the model when the caller says vision=false', async () => {
    const result = await engine.analyze(cat, { vision: false });
    expect(result).toEqual(builtIn);
    expect(server.received).toHaveLength(0);
  });
});
