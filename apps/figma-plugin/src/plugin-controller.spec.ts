import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeFigma } from '../testing/fake-figma';
import { PLUGIN_DATA_NAMESPACE } from './figma-port';
import { createHubBridge } from './hub-bridge';
import type { HubRequestMessage, HubResult, MainToUi } from './messages';
import { createPluginController } from './plugin-controller';

const PHOTO = join(__dirname, '..', '..', '..', 'libs', 'tagging', 'fixtures', 'photos', 'chelsea.jpg');
const CAT: HubResult = {
  altText: 'A cat lying on a rug',
  title: 'Cat',
  description: 'A cat.',
  tags: [{ label: 'cat', confidence: 0.9, source: 'objects' }],
  language: 'en',
};

describe('hub bridge between the plugin code and the UI iframe', () => {
  it('matches answers to requests by id, whatever order they come back in', async () => {
    const posted: HubRequestMessage[] = [];
    const bridge = createHubBridge((message) => posted.push(message));
    const send = bridge.sendToHub({
      hubUrl: 'https://tags.example.com',
      apiKey: 'tpk_a',
      language: 'en',
      renameLayers: false,
    });
    const first = send({ bytes: new Uint8Array([1]), fileName: 'a.jpg' });
    const second = send({ bytes: new Uint8Array([2]), fileName: 'b.jpg' });
    expect(posted.map((message) => [message.requestId, message.fileName, message.hubUrl, message.apiKey])).toEqual([
      [1, 'a.jpg', 'https://tags.example.com', 'tpk_a'],
      [2, 'b.jpg', 'https://tags.example.com', 'tpk_a'],
    ]);
    bridge.receive({ type: 'hub-response', requestId: 2, ok: false, error: 'The image is truncated or corrupt.' });
    bridge.receive({ type: 'hub-response', requestId: 1, ok: true, result: CAT });
    await expect(second).rejects.toThrow('The image is truncated or corrupt.');
    await expect(first).resolves.toEqual(CAT);
    expect(bridge.pendingCount).toBe(0);
  });
});

describe('plugin controller', () => {
  let cat: Uint8Array;
  beforeAll(async () => {
    cat = new Uint8Array(await readFile(PHOTO));
  });

  function setUp() {
    const figma = new FakeFigma();
    const toUi: MainToUi[] = [];
    const notices: Array<{ message: string; error: boolean }> = [];
    const controller = createPluginController({
      figma,
      postToUi: (message) => {
        toUi.push(message);
        // The UI iframe answers each hub request as a message of its own, after the current turn.
        if (message.type === 'hub-request') {
          setImmediate(
            () =>
              void controller.handleUiMessage({
                type: 'hub-response',
                requestId: message.requestId,
                ok: true,
                result: CAT,
              }),
          );
        }
      },
      notify: (message, options) => notices.push({ message, error: options?.error ?? false }),
    });
    return { figma, toUi, notices, controller };
  }

  it('starts with no settings, then remembers the pasted hub URL and key across runs', async () => {
    const first = setUp();
    await first.controller.start();
    expect(first.toUi[0]).toEqual({ type: 'settings', settings: null });
    await first.controller.handleUiMessage({
      type: 'save-settings',
      settings: { hubUrl: 'https://tags.example.com/docs', apiKey: 'tpk_a' },
    });
    expect(first.toUi.at(-1)).toEqual({
      type: 'settings',
      settings: { hubUrl: 'https://tags.example.com', apiKey: 'tpk_a', renameLayers: false, language: 'en' },
    });

    const later = createPluginController({
      figma: first.figma,
      postToUi: (message) => first.toUi.push(message),
      notify: () => undefined,
    });
    await later.start();
    expect(first.toUi.filter((message) => message.type === 'settings').at(-1)).toMatchObject({
      settings: { apiKey: 'tpk_a' },
    });
  });

  it('shows why settings were refused and asks for them before tagging', async () => {
    const { controller, toUi } = setUp();
    await controller.start();
    await controller.handleUiMessage({
      type: 'save-settings',
      settings: { hubUrl: 'tags.example.com', apiKey: 'tpk_a' },
    });
    expect(toUi.at(-1)).toEqual({ type: 'settings-error', message: expect.stringMatching(/must look like https/) });
    expect(await controller.handleUiMessage({ type: 'tag' })).toBeNull();
    expect(toUi.at(-1)).toEqual({ type: 'settings-error', message: 'Paste the hub URL and an API key first.' });
  });

  it('tags the selection through the UI, posts progress per layer and a summary', async () => {
    const { figma, controller, toUi, notices } = setUp();
    const layer = figma.createImageRectangle('Hero', cat);
    const text = figma.createNode({ type: 'TEXT', name: 'Caption', fills: [{ type: 'SOLID' }] });
    figma.select(layer, text);
    await controller.start();
    expect(toUi.at(-1)).toEqual({ type: 'selection', selected: 2, imageLayers: 1 });
    await controller.handleUiMessage({
      type: 'save-settings',
      settings: { hubUrl: 'https://tags.example.com', apiKey: 'tpk_a' },
    });

    const summary = await controller.handleUiMessage({ type: 'tag' });

    expect(summary).toMatchObject({ tagged: 1, failed: 0, skipped: 1 });
    expect(layer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'altText')).toBe('A cat lying on a rug');
    const progress = toUi.flatMap((message) =>
      message.type === 'progress' ? [`${message.progress.layerName}:${message.progress.state}`] : [],
    );
    expect(progress).toEqual([
      'Hero:queued',
      'Caption:skipped',
      'Hero:exporting',
      'Hero:tagging',
      'Hero:writing',
      'Hero:done',
    ]);
    expect(toUi.at(-1)).toEqual({ type: 'finished', tagged: 1, failed: 0, skipped: 1 });
    expect(notices).toEqual([{ message: 'Tagged 1 layer, 1 without an image', error: false }]);
  });

  it('refuses a second Tag press while the first is still running', async () => {
    const { figma, controller, notices } = setUp();
    figma.select(figma.createImageRectangle('Hero', cat));
    await controller.handleUiMessage({
      type: 'save-settings',
      settings: { hubUrl: 'https://tags.example.com', apiKey: 'tpk_a' },
    });
    const first = controller.handleUiMessage({ type: 'tag' });
    expect(await controller.handleUiMessage({ type: 'tag' })).toBeNull();
    expect(await first).toMatchObject({ tagged: 1 });
    expect(notices[0]).toEqual({ message: 'TagPhoto is still tagging the last selection.', error: false });
  });
});
