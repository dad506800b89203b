import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startFakeVisionServer, type FakeVisionServer, type Reply } from '../../testing/fake-vision-server';
import { TaggingEngine } from '../engine';
import type { AnalyzeOptions } from '../options';
import { OllamaVisionProvider } from './ollama.provider';
import { VisionCaptioner, type VisionSettings } from './vision-captioner';

const sharedModels = process.env.TAGPHOTO_MODEL_DIR ?? resolve(__dirname, '../../../../shared/models');
const cat = readFileSync(join(__dirname, '..', 'decode', 'fixtures', 'chelsea.jpg'));
/** Colours only: these tests are about the calls to the backend, not about the built-in models. */
const QUICK: AnalyzeOptions = { analyzers: ['colors'] };
const good: Reply = {
  content: JSON.stringify({
    altText: 'A tabby cat on a rug',
    title: 'Tabby cat',
    description: 'A cat lies on a rug.',
    tags: ['cat'],
    subject: 'cat',
    people: 0,
  }),
};

describe('the vision backend under failure', () => {
  const engines: TaggingEngine[] = [];
  const servers: FakeVisionServer[] = [];

  async function engineFor(
    server: FakeVisionServer,
    settings: Partial<VisionSettings>,
  ): Promise<{ engine: TaggingEngine; vision: VisionCaptioner }> {
    const vision = new VisionCaptioner(new OllamaVisionProvider({ url: server.url, model: 'llava' }), settings);
    const engine = await TaggingEngine.create({ modelDir: sharedModels, vision });
    engines.push(engine);
    return { engine, vision };
  }

  async function serve(reply: (index: number) => Reply, port?: number): Promise<FakeVisionServer> {
    const server = await startFakeVisionServer('ollama', (_, index) => reply(index), port);
    servers.push(server);
    return server;
  }

  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.close()));
    await Promise.all(servers.map((server) => server.close()));
  });

  it('falls back after the timeout on a server that never answers, while other images finish meanwhile', async () => {
    const server = await serve((index) => (index === 0 ? { stall: true } : good));
    const { engine } = await engineFor(server, { timeoutMs: 1500, concurrency: 2, retries: 0 });
    const finished: string[] = [];
    const stalled = engine.analyze(cat, QUICK).then((result) => (finished.push('stalled'), result));
    while (server.received.length === 0) await new Promise((r) => setTimeout(r, 20));
    const others = await Promise.all(
      [1, 2, 3].map(() => engine.analyze(cat, QUICK).then((result) => (finished.push('other'), result))),
    );
    const slow = await stalled;
    expect(finished).toEqual(['other', 'other', 'other', 'stalled']);
    expect(others.map((result) => result.sources.altText)).toEqual(['vision', 'vision', 'vision']);
    expect(slow.sources.altText).toBe('built-in');
    expect(slow.review.reasons).toContain('vision backend unavailable');
    expect(others.map((result) => result.review.reasons)).not.toContainEqual(
      expect.arrayContaining(['vision backend unavailable']),
    );
  });

  it('tries again after a 5xx and uses the answer of the second try', async () => {
    const server = await serve((index) => (index === 0 ? { status: 503 } : good));
    const { engine } = await engineFor(server, { retries: 1, backoffMs: 50 });
    const result = await engine.analyze(cat, QUICK);
    expect(server.received).toHaveLength(2);
    expect(result.altText).toBe('A tabby cat on a rug');
  });

  it('opens the circuit after repeated failures, serves built-in results alone while it cools down, and closes it when a probe succeeds', async () => {
    const down = await serve(() => good);
    const port = Number(new URL(down.url).port);
    const { engine, vision } = await engineFor(down, { failureThreshold: 2, coolDownMs: 1000, retries: 0 });
    await down.close();

    for (let i = 0; i < 2; i += 1)
      expect((await engine.analyze(cat, QUICK)).review.reasons).toContain('vision backend unavailable');
    expect(vision.state()).toMatchObject({
      circuit: 'open',
      lastFailure: expect.stringContaining('cannot be reached'),
    });

    // Back up, but the circuit is open: no call goes out until the cool-down has passed.
    const recovered = await serve(() => good, port);
    const paused = await engine.analyze(cat, QUICK);
    expect(paused.review.reasons).toContain('vision backend unavailable');
    expect(recovered.received).toHaveLength(0);

    await new Promise((r) => setTimeout(r, 1100));
    const probe = await engine.analyze(cat, QUICK);
    expect(recovered.received).toHaveLength(1);
    expect(probe.sources.altText).toBe('vision');
    expect(vision.state().circuit).toBe('closed');
  });
});
