import type { FigmaPort, PortNode } from './figma-port';
import { extensionOf } from './image-format';
import type { HubResult, LayerProgress } from './messages';
import { writeBack } from './write-back';

/** Sends one image's bytes to the hub and resolves with its result (through the UI iframe in Figma). */
export type SendToHub = (image: { bytes: Uint8Array; fileName: string }) => Promise<HubResult>;

export interface TagSelectionInput {
  figma: FigmaPort;
  sendToHub: SendToHub;
  renameLayers: boolean;
  onProgress?: (progress: LayerProgress) => void;
}

export interface TagSelectionSummary {
  tagged: number;
  failed: number;
  skipped: number;
  layers: LayerProgress[];
}

/** The image a layer shows: its topmost visible image fill (Figma paints the last fill on top). */
export function imageHashOf(node: PortNode): string | null {
  if (!Array.isArray(node.fills)) return null;
  const fills = node.fills as ReadonlyArray<{ type: string; imageHash?: string | null; visible?: boolean }>;
  for (let index = fills.length - 1; index >= 0; index--) {
    const paint = fills[index];
    if (paint.type === 'IMAGE' && paint.visible !== false && paint.imageHash) return paint.imageHash;
  }
  return null;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function accessibilityCategoryId(figma: FigmaPort): Promise<string | undefined> {
  try {
    const categories = await figma.annotations.getAnnotationCategoriesAsync();
    return categories.find((category) => /accessib/i.test(category.label))?.id;
  } catch {
    // Files without categories (or editors without the API) still get uncategorised annotations.
    return undefined;
  }
}

function fileNameFor(node: PortNode, bytes: Uint8Array): string {
  const base = node.name.replace(/[^\w.\- ]+/g, '_').slice(0, 80) || 'figma-image';
  return `${base}.${extensionOf(bytes)}`;
}

/**
 * Tags every selected layer with an image fill, one at a time: each layer's failure is reported on that layer
 * and the others are still tagged and written. The selection is read once, so changing it mid-run is harmless.
 */
export async function tagSelection(input: TagSelectionInput): Promise<TagSelectionSummary> {
  const { figma, sendToHub } = input;
  const layers = new Map<string, LayerProgress>();
  const report = (progress: LayerProgress): void => {
    layers.set(progress.layerId, progress);
    input.onProgress?.(progress);
  };
  const selection = [...figma.currentPage.selection];
  const work: Array<{ node: PortNode; hash: string }> = [];
  for (const node of selection) {
    const hash = imageHashOf(node);
    if (hash) {
      work.push({ node, hash });
      report({ layerId: node.id, layerName: node.name, state: 'queued' });
    } else {
      report({ layerId: node.id, layerName: node.name, state: 'skipped', message: 'This layer has no image fill.' });
    }
  }
  const categoryId = work.length > 0 ? await accessibilityCategoryId(figma) : undefined;
  // Two layers showing the same image are tagged once.
  const resultsByHash = new Map<string, Promise<HubResult>>();
  for (const { node, hash } of work) {
    const layerName = node.name;
    try {
      report({ layerId: node.id, layerName, state: 'exporting' });
      const image = figma.getImageByHash(hash);
      if (!image) throw new Error('The image behind this fill is missing from the file.');
      const bytes = await image.getBytesAsync();
      report({ layerId: node.id, layerName, state: 'tagging' });
      let pending = resultsByHash.get(hash);
      if (!pending) {
        pending = sendToHub({ bytes, fileName: fileNameFor(node, bytes) });
        resultsByHash.set(hash, pending);
      }
      const result = await pending;
      report({ layerId: node.id, layerName, state: 'writing' });
      const notes = writeBack(node, result, hash, {
        renameLayers: input.renameLayers,
        editorType: figma.editorType,
        annotationCategoryId: categoryId,
      });
      report({ layerId: node.id, layerName: node.name, state: 'done', message: result.altText, notes });
    } catch (error) {
      report({ layerId: node.id, layerName, state: 'failed', message: errorText(error) });
    }
  }
  const all = [...layers.values()];
  return {
    tagged: all.filter((layer) => layer.state === 'done').length,
    failed: all.filter((layer) => layer.state === 'failed').length,
    skipped: all.filter((layer) => layer.state === 'skipped').length,
    layers: all,
  };
}
