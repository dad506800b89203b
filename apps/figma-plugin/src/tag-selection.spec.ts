import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeFigma } from '../testing/fake-figma';
import { PLUGIN_DATA_NAMESPACE } from './figma-port';
import type { HubResult, LayerProgress } from './messages';
import { SendToHub, tagSelection } from './tag-selection';

const PHOTOS = join(__dirname, '..', '..', '..', 'libs', 'tagging', 'fixtures', 'photos');

/** A hub stand-in that answers per image (by its bytes' length) and remembers what it was sent. */
function hubAnswering(byLength: Map<number, HubResult | Error>): {
  sendToHub: SendToHub;
  sent: Array<{ fileName: string; bytes: Uint8Array }>;
} {
  const sent: Array<{ fileName: string; bytes: Uint8Array }> = [];
  return {
    sent,
    sendToHub: async (image) => {
      sent.push(image);
      const answer = byLength.get(image.bytes.length);
      if (!answer) throw new Error(`unexpected image of ${image.bytes.length} bytes`);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const result = (altText: string, title: string, tags: string[]): HubResult => ({
  altText,
  title,
  description: `${altText}.`,
  tags: tags.map((label) => ({ label, confidence: 0.8, source: 'objects' as const })),
  language: 'en',
});

describe('tagging the selection', () => {
  let cat: Uint8Array;
  let cup: Uint8Array;
  let astronaut: Uint8Array;
  let answers: Map<number, HubResult | Error>;

  beforeAll(async () => {
    [cat, cup, astronaut] = await Promise.all(
      ['chelsea.jpg', 'coffee.jpg', 'astronaut.jpg'].map(
        async (name) => new Uint8Array(await readFile(join(PHOTOS, name))),
      ),
    );
    answers = new Map<number, HubResult | Error>([
      [cat.length, result('A cat lying on a rug', 'Cat', ['cat', 'animal'])],
      [cup.length, result('A cup of coffee on a saucer', 'Coffee', ['cup', 'coffee'])],
      [astronaut.length, new Error('The hub answered HTTP 500.')],
    ]);
  });

  it("sends each image fill's own bytes and writes alt text, title and tags as shared plugin data", async () => {
    const figma = new FakeFigma();
    const catLayer = figma.createImageRectangle('Rectangle 1', cat);
    const cupLayer = figma.createImageRectangle('Rectangle 2', cup);
    figma.select(catLayer, cupLayer);
    const hub = hubAnswering(answers);

    const summary = await tagSelection({ figma, sendToHub: hub.sendToHub, renameLayers: false });

    expect(summary).toMatchObject({ tagged: 2, failed: 0, skipped: 0 });
    expect(hub.sent.map((image) => image.fileName)).toEqual(['Rectangle 1.jpg', 'Rectangle 2.jpg']);
    expect(Buffer.compare(Buffer.from(hub.sent[0].bytes), Buffer.from(cat))).toBe(0);
    expect(catLayer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'altText')).toBe('A cat lying on a rug');
    expect(catLayer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'title')).toBe('Cat');
    expect(JSON.parse(catLayer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'tags'))).toEqual(['cat', 'animal']);
    expect(cupLayer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'altText')).toBe('A cup of coffee on a saucer');
    expect(catLayer.name).toBe('Rectangle 1');
  });

  it("renames layers after the image's title when the setting is on", async () => {
    const figma = new FakeFigma();
    const layer = figma.createImageRectangle('Rectangle 1', cat);
    figma.select(layer);
    await tagSelection({ figma, sendToHub: hubAnswering(answers).sendToHub, renameLayers: true });
    expect(layer.name).toBe('Cat');
  });

  it('writes the alt text as an accessibility annotation and keeps the annotations designers wrote', async () => {
    const figma = new FakeFigma();
    const layer = figma.createNode({
      type: 'FRAME',
      name: 'Hero',
      fills: [{ type: 'IMAGE', imageHash: figma.createImage(cat).hash }],
      annotations: [{ labelMarkdown: '**Crop** to 16:9 on mobile' }, { properties: [{ type: 'width' }] }],
    });
    figma.select(layer);
    const summary = await tagSelection({ figma, sendToHub: hubAnswering(answers).sendToHub, renameLayers: false });
    expect(summary.layers[0]).toMatchObject({ state: 'done', notes: [] });
    expect(layer.annotations).toEqual([
      { labelMarkdown: '**Crop** to 16:9 on mobile', label: 'Crop to 16:9 on mobile' },
      { properties: [{ type: 'width' }] },
      { label: 'A cat lying on a rug', categoryId: 'category:accessibility' },
    ]);
  });

  it('replaces its own earlier annotation when the image is tagged again', async () => {
    const figma = new FakeFigma();
    const layer = figma.createImageRectangle('Hero', cat);
    figma.select(layer);
    const first = new Map(answers).set(cat.length, result('A cat', 'Cat', ['cat']));
    await tagSelection({ figma, sendToHub: hubAnswering(first).sendToHub, renameLayers: false });
    await tagSelection({ figma, sendToHub: hubAnswering(answers).sendToHub, renameLayers: false });
    expect(layer.annotations).toEqual([{ label: 'A cat lying on a rug', categoryId: 'category:accessibility' }]);
  });

  it('fills an empty component description with the alt text but never replaces one a person wrote', async () => {
    const figma = new FakeFigma();
    const empty = figma.createNode({
      type: 'COMPONENT',
      name: 'Avatar',
      fills: [{ type: 'IMAGE', imageHash: figma.createImage(cat).hash }],
    });
    const written = figma.createNode({
      type: 'COMPONENT',
      name: 'Card',
      description: 'Use on product pages only',
      fills: [{ type: 'IMAGE', imageHash: figma.createImage(cup).hash }],
    });
    figma.select(empty, written);
    const summary = await tagSelection({ figma, sendToHub: hubAnswering(answers).sendToHub, renameLayers: false });
    expect(empty.description).toBe('A cat lying on a rug');
    expect(written.description).toBe('Use on product pages only');
    expect(summary.layers[1]).toMatchObject({
      state: 'done',
      notes: ['Component description kept: it was written by a person.'],
    });
  });

  it('in Dev Mode writes plugin data and the annotation but leaves names and descriptions alone', async () => {
    const figma = new FakeFigma({ editorType: 'dev' });
    const layer = figma.createNode({
      type: 'COMPONENT',
      name: 'Avatar',
      fills: [{ type: 'IMAGE', imageHash: figma.createImage(cat).hash }],
    });
    figma.select(layer);
    const summary = await tagSelection({ figma, sendToHub: hubAnswering(answers).sendToHub, renameLayers: true });
    expect(layer.name).toBe('Avatar');
    expect(layer.description).toBe('');
    expect(layer.annotations).toEqual([{ label: 'A cat lying on a rug', categoryId: 'category:accessibility' }]);
    expect(layer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'altText')).toBe('A cat lying on a rug');
    expect(summary.layers[0].notes).toEqual([
      'Layer name kept: Dev Mode is read-only.',
      'Component description unchanged: Dev Mode is read-only.',
    ]);
  });

  it('still writes plugin data when the file refuses annotations, and says so on the layer', async () => {
    const figma = new FakeFigma({ annotationsAllowed: false, categories: [] });
    const layer = figma.createImageRectangle('Hero', cat);
    figma.select(layer);
    const summary = await tagSelection({ figma, sendToHub: hubAnswering(answers).sendToHub, renameLayers: false });
    expect(summary.tagged).toBe(1);
    expect(layer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'altText')).toBe('A cat lying on a rug');
    expect(layer.annotations).toEqual([]);
    expect(summary.layers[0].notes).toEqual([
      expect.stringMatching(/^No Dev Mode annotation: this file does not allow it here/),
    ]);
  });

  it('reports each failing layer with its own error and still tags and writes the others', async () => {
    const figma = new FakeFigma();
    const catLayer = figma.createImageRectangle('Cat', cat);
    const missing = figma.createNode({
      type: 'RECTANGLE',
      name: 'Missing',
      fills: [{ type: 'IMAGE', imageHash: 'ffffffffffffffffffffffffffffffffffffffff' }],
    });
    const unloadable = figma.createNode({
      type: 'RECTANGLE',
      name: 'Unloadable',
      fills: [{ type: 'IMAGE', imageHash: figma.createUnloadableImage(new Uint8Array([0xff, 0xd8, 0xff])).hash }],
    });
    const refused = figma.createImageRectangle('Refused', astronaut);
    const cupLayer = figma.createImageRectangle('Cup', cup);
    figma.select(catLayer, missing, unloadable, refused, cupLayer);

    const summary = await tagSelection({ figma, sendToHub: hubAnswering(answers).sendToHub, renameLayers: false });

    expect(summary).toMatchObject({ tagged: 2, failed: 3 });
    expect(summary.layers.map(({ layerName, state, message }) => [layerName, state, message])).toEqual([
      ['Cat', 'done', 'A cat lying on a rug'],
      ['Missing', 'failed', 'The image behind this fill is missing from the file.'],
      ['Unloadable', 'failed', 'Image could not be loaded'],
      ['Refused', 'failed', 'The hub answered HTTP 500.'],
      ['Cup', 'done', 'A cup of coffee on a saucer'],
    ]);
    expect(refused.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'altText')).toBe('');
    expect(cupLayer.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'altText')).toBe('A cup of coffee on a saucer');
  });

  it('skips selected layers without an image fill and tags the topmost visible image of the others', async () => {
    const figma = new FakeFigma();
    const text = figma.createNode({ type: 'TEXT', name: 'Headline', fills: [{ type: 'SOLID' }] });
    const group = figma.createNode({ type: 'GROUP', name: 'Group' });
    const layered = figma.createNode({
      type: 'RECTANGLE',
      name: 'Layered',
      fills: [
        { type: 'IMAGE', imageHash: figma.createImage(cat).hash },
        { type: 'IMAGE', imageHash: figma.createImage(cup).hash },
        { type: 'IMAGE', imageHash: figma.createImage(astronaut).hash, visible: false },
      ],
    });
    figma.select(text, group, layered);
    const hub = hubAnswering(answers);
    const summary = await tagSelection({ figma, sendToHub: hub.sendToHub, renameLayers: false });
    expect(summary).toMatchObject({ tagged: 1, skipped: 2 });
    expect(summary.layers[0]).toEqual({
      layerId: text.id,
      layerName: 'Headline',
      state: 'skipped',
      message: 'This layer has no image fill.',
    });
    expect(hub.sent.map((image) => image.bytes.length)).toEqual([cup.length]);
  });

  it('sends an image shown on two layers once and writes both', async () => {
    const figma = new FakeFigma();
    const first = figma.createImageRectangle('Cat', cat);
    const second = figma.createImageRectangle('Cat copy', cat);
    figma.select(first, second);
    const hub = hubAnswering(answers);
    await tagSelection({ figma, sendToHub: hub.sendToHub, renameLayers: false });
    expect(hub.sent).toHaveLength(1);
    expect(second.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'altText')).toBe('A cat lying on a rug');
  });

  it("reports every layer as queued first, then each one's steps in order", async () => {
    const figma = new FakeFigma();
    const a = figma.createImageRectangle('A', cat);
    const b = figma.createImageRectangle('B', astronaut);
    figma.select(a, b);
    const events: LayerProgress[] = [];
    await tagSelection({
      figma,
      sendToHub: hubAnswering(answers).sendToHub,
      renameLayers: false,
      onProgress: (event) => events.push(event),
    });
    expect(events.map((event) => `${event.layerName}:${event.state}`)).toEqual([
      'A:queued',
      'B:queued',
      'A:exporting',
      'A:tagging',
      'A:writing',
      'A:done',
      'B:exporting',
      'B:tagging',
      'B:failed',
    ]);
  });
});
