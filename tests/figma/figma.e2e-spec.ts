import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { FakeFigma } from '../../apps/figma-plugin/testing/fake-figma';
import { PLUGIN_DATA_NAMESPACE } from '../../apps/figma-plugin/src/figma-port';
import { answerHubRequest, HttpFetch } from '../../apps/figma-plugin/src/hub-client';
import type { MainToUi } from '../../apps/figma-plugin/src/messages';
import { createPluginController } from '../../apps/figma-plugin/src/plugin-controller';
import { newAccount, PHOTOS, startTestHub, TestHub } from '../support/hub';

/**
 * The Figma plugin end to end, minus Figma itself: the plugin code runs against the fake PluginAPI, its messages
 * go to the UI side's real hub client, and that client talks HTTP to a real hub listening on 127.0.0.1
 * (PostgreSQL, BullMQ on Redis, the real tagging engine).
 */
describe('Figma plugin against a real hub', () => {
  let hub: TestHub;
  let hubUrl: string;

  beforeAll(async () => {
    hub = await startTestHub({ mode: 'server' });
    hubUrl = `http://127.0.0.1:${(hub.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => hub.close());

  /** The plugin as Figma runs it: plugin code ↔ messages ↔ UI iframe, whose fetch is Node's real one. */
  function runPlugin(figma: FakeFigma) {
    const toUi: MainToUi[] = [];
    const uiFetch: HttpFetch = (url, init) => fetch(url, init);
    const controller = createPluginController({
      figma,
      postToUi: (message) => {
        toUi.push(message);
        if (message.type === 'hub-request')
          void answerHubRequest(uiFetch, message).then((answer) => controller.handleUiMessage(answer));
      },
      notify: (message, options) =>
        toUi.push({ type: 'settings-error', message: `${options?.error ? 'error' : 'notice'}: ${message}` }),
    });
    return { controller, toUi };
  }

  it("tags two image layers with the engine's alt text, reports the broken one, and still writes the others", async () => {
    const { apiKey } = await newAccount(hub);
    const [astronaut, coffee] = await Promise.all([
      readFile(join(PHOTOS, 'astronaut.jpg')),
      readFile(join(PHOTOS, 'coffee.jpg')),
    ]);
    const figma = new FakeFigma();
    const astronautLayer = figma.createImageRectangle('Rectangle 1', astronaut);
    const brokenLayer = figma.createImageRectangle(
      'Rectangle 2',
      astronaut.subarray(0, Math.floor(astronaut.length / 2)),
    );
    const coffeeLayer = figma.createNode({
      type: 'FRAME',
      name: 'Rectangle 3',
      fills: [{ type: 'IMAGE', imageHash: figma.createImage(coffee).hash }],
    });
    figma.select(astronautLayer, brokenLayer, coffeeLayer);
    const { controller, toUi } = runPlugin(figma);
    await controller.start();
    await controller.handleUiMessage({ type: 'save-settings', settings: { hubUrl, apiKey, renameLayers: true } });

    const summary = await controller.handleUiMessage({ type: 'tag' });

    expect(summary).toMatchObject({ tagged: 2, failed: 1, skipped: 0 });
    const broken = summary!.layers.find((layer) => layer.layerId === brokenLayer.id)!;
    expect(broken.state).toBe('failed');
    expect(broken.message).toMatch(/truncated|damaged/);
    expect(brokenLayer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'altText')).toBe('');
    expect(brokenLayer.name).toBe('Rectangle 2');

    // What the plugin wrote is exactly what the hub's engine produced for those images.
    const listed = await request(hub.http).get('/v1/images').set('Authorization', `Bearer ${apiKey}`).expect(200);
    const done = (
      listed.body.items as Array<{
        status: string;
        stored: boolean;
        fileName: string;
        result: { altText: string; title: string; tags: Array<{ label: string }> };
      }>
    ).filter((image) => image.status === 'done');
    expect(done).toHaveLength(2);
    expect(done.every((image) => image.stored === false)).toBe(true);
    for (const [layer, fileName] of [
      [astronautLayer, 'Rectangle 1.jpg'],
      [coffeeLayer, 'Rectangle 3.jpg'],
    ] as const) {
      const engine = done.find((image) => image.fileName === fileName)!.result;
      expect(engine.altText.length).toBeGreaterThan(0);
      expect(layer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'altText')).toBe(engine.altText);
      expect(JSON.parse(layer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'tags'))).toEqual(
        engine.tags.map((tag) => tag.label),
      );
      expect(layer.name).toBe(engine.title);
      expect(layer.annotations).toEqual([{ label: engine.altText, categoryId: 'category:accessibility' }]);
    }
    expect(JSON.parse(astronautLayer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'tags'))).toContain('person');

    const states = toUi.flatMap((message) =>
      message.type === 'progress' ? [`${message.progress.layerId}:${message.progress.state}`] : [],
    );
    expect(states.filter((state) => state.endsWith(':done') || state.endsWith(':failed'))).toEqual([
      `${astronautLayer.id}:done`,
      `${brokenLayer.id}:failed`,
      `${coffeeLayer.id}:done`,
    ]);
  });

  it('shows a revoked or wrong API key on every layer and writes nothing', async () => {
    const figma = new FakeFigma();
    const layer = figma.createImageRectangle('Hero', await readFile(join(PHOTOS, 'coffee.jpg')));
    figma.select(layer);
    const { controller } = runPlugin(figma);
    await controller.handleUiMessage({ type: 'save-settings', settings: { hubUrl, apiKey: 'tpk_not_a_real_key' } });

    const summary = await controller.handleUiMessage({ type: 'tag' });

    expect(summary).toMatchObject({ tagged: 0, failed: 1 });
    expect(summary!.layers[0].message).toMatch(/key|unauthori[sz]ed|sign in/i);
    expect(layer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'altText')).toBe('');
  });
});
