import { createHash } from 'node:crypto';
import type {
  FigmaPort,
  PortAnnotation,
  PortAnnotationCategory,
  PortImage,
  PortNode,
  PortPaint,
} from '../src/figma-port';

/**
 * A stand-in for Figma's PluginAPI with the behaviour the Plugin API documents: frozen reads, image fills by
 * hash (SHA-1 of the bytes), annotations only on the node types that carry them and never with both label and
 * labelMarkdown, shared plugin data with a validated namespace and the 100 kB limit, a read-only Dev Mode,
 * and client storage that keeps structured copies.
 */

const ANNOTATABLE = new Set([
  'COMPONENT',
  'COMPONENT_SET',
  'ELLIPSE',
  'FRAME',
  'INSTANCE',
  'LINE',
  'POLYGON',
  'RECTANGLE',
  'STAR',
  'TEXT',
  'VECTOR',
]);
const PRESET_CATEGORIES: PortAnnotationCategory[] = [
  { id: 'category:development', label: 'Development' },
  { id: 'category:interaction', label: 'Interaction' },
  { id: 'category:accessibility', label: 'Accessibility' },
  { id: 'category:content', label: 'Content' },
];

export class FakeClientStorage {
  private readonly values = new Map<string, unknown>();

  async getAsync(key: string): Promise<unknown> {
    return this.values.has(key) ? structuredClone(this.values.get(key)) : undefined;
  }

  async setAsync(key: string, value: unknown): Promise<void> {
    this.values.set(key, structuredClone(value));
  }

  async deleteAsync(key: string): Promise<void> {
    this.values.delete(key);
  }

  async keysAsync(): Promise<string[]> {
    return [...this.values.keys()];
  }
}

/** Figma reads a rich-text annotation back with its plain-text label too, so it cannot be written back as read. */
function readBack(annotation: PortAnnotation): PortAnnotation {
  if (annotation.labelMarkdown === undefined) return Object.freeze({ ...annotation });
  return Object.freeze({ ...annotation, label: annotation.labelMarkdown.replace(/[#*_~`]/g, '').trim() });
}

export interface FakeNodeInit {
  type: string;
  name: string;
  fills?: PortPaint[];
  description?: string;
  annotations?: PortAnnotation[];
}

export class FakeNode implements PortNode {
  readonly id: string;
  readonly type: string;
  // Defined per node in the constructor, only on the node types that have them (as in Figma).
  declare readonly fills?: ReadonlyArray<PortPaint>;
  declare annotations?: ReadonlyArray<PortAnnotation>;
  declare description?: string;
  private currentName: string;
  private readonly sharedData = new Map<string, string>();

  constructor(
    private readonly document: FakeFigma,
    id: string,
    init: FakeNodeInit,
  ) {
    this.id = id;
    this.type = init.type;
    this.currentName = init.name;
    if (init.fills)
      Object.defineProperty(this, 'fills', {
        enumerable: true,
        get: () => Object.freeze(init.fills!.map((paint) => Object.freeze({ ...paint }))),
      });
    if (ANNOTATABLE.has(init.type)) {
      let stored: PortAnnotation[] = [];
      Object.defineProperty(this, 'annotations', {
        enumerable: true,
        get: () => Object.freeze(stored.map(readBack)),
        set: (next: ReadonlyArray<PortAnnotation>) => {
          document.assertCanAnnotate();
          stored = next.map((annotation) => document.validAnnotation(annotation));
        },
      });
      stored = (init.annotations ?? []).map((annotation) => document.validAnnotation(annotation));
    }
    if (init.type === 'COMPONENT') {
      let description = init.description ?? '';
      Object.defineProperty(this, 'description', {
        enumerable: true,
        get: () => description,
        set: (next: string) => {
          document.assertEditable();
          description = String(next);
        },
      });
    }
  }

  get name(): string {
    return this.currentName;
  }

  set name(next: string) {
    this.document.assertEditable();
    this.currentName = String(next);
  }

  getSharedPluginData(namespace: string, key: string): string {
    return this.sharedData.get(`${namespace}\u0000${key}`) ?? '';
  }

  setSharedPluginData(namespace: string, key: string, value: string): void {
    if (!/^[A-Za-z0-9_.]{3,}$/.test(namespace)) throw new Error('Namespace must be at least 3 alphanumeric characters');
    if (typeof value !== 'string') throw new Error('Expected value to be a string');
    if (namespace.length + key.length + value.length > 100_000) throw new Error('Plugin data entry exceeds 100 kB');
    if (value === '') this.sharedData.delete(`${namespace}\u0000${key}`);
    else this.sharedData.set(`${namespace}\u0000${key}`, value);
  }

  getSharedPluginDataKeys(namespace: string): string[] {
    return [...this.sharedData.keys()]
      .filter((entry) => entry.startsWith(`${namespace}\u0000`))
      .map((entry) => entry.split('\u0000')[1]);
  }
}

export interface FakeFigmaOptions {
  editorType?: 'figma' | 'dev';
  /** false: the file refuses annotation edits (e.g. opened view-only). */
  annotationsAllowed?: boolean;
  categories?: PortAnnotationCategory[];
}

export class FakeFigma implements FigmaPort {
  readonly editorType: 'figma' | 'dev';
  readonly clientStorage = new FakeClientStorage();
  readonly annotations: FigmaPort['annotations'];
  private readonly images = new Map<string, { bytes: Uint8Array; broken: boolean }>();
  private selected: FakeNode[] = [];
  private nextId = 1;
  private readonly categories: PortAnnotationCategory[];
  private readonly annotationsAllowed: boolean;

  constructor(options: FakeFigmaOptions = {}) {
    this.editorType = options.editorType ?? 'figma';
    this.annotationsAllowed = options.annotationsAllowed ?? true;
    this.categories = options.categories ?? PRESET_CATEGORIES;
    this.annotations = {
      getAnnotationCategoriesAsync: async () => this.categories.map((category) => ({ ...category })),
    };
    // The page object's getters are not methods of this class: they reach the fake through a name.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const owner = this;
    // Each read is a new frozen array, as in Figma: holding on to it does not follow later selection changes.
    this.currentPage = {
      get selection() {
        return Object.freeze([...owner.selected]);
      },
    };
  }

  readonly currentPage: { readonly selection: ReadonlyArray<FakeNode> };

  /** Like figma.createImage: the hash is derived from the bytes, so equal images share one hash. */
  createImage(bytes: Uint8Array): { hash: string } {
    const hash = createHash('sha1').update(bytes).digest('hex');
    this.images.set(hash, { bytes: new Uint8Array(bytes), broken: false });
    return { hash };
  }

  /** An image whose bytes Figma cannot deliver (a fill whose upload never finished). */
  createUnloadableImage(bytes: Uint8Array): { hash: string } {
    const { hash } = this.createImage(bytes);
    this.images.set(hash, { bytes, broken: true });
    return { hash };
  }

  getImageByHash(hash: string): PortImage | null {
    const image = this.images.get(hash);
    if (!image) return null;
    return {
      getBytesAsync: async () => {
        if (image.broken) throw new Error('Image could not be loaded');
        return new Uint8Array(image.bytes);
      },
    };
  }

  createNode(init: FakeNodeInit): FakeNode {
    return new FakeNode(this, `${this.nextId++}:1`, init);
  }

  /** A rectangle filled with an image, as Figma makes when an image is dropped onto the canvas. */
  createImageRectangle(name: string, bytes: Uint8Array, type = 'RECTANGLE'): FakeNode {
    const { hash } = this.createImage(bytes);
    return this.createNode({ type, name, fills: [{ type: 'IMAGE', imageHash: hash, visible: true }] });
  }

  select(...nodes: FakeNode[]): void {
    this.selected = nodes;
  }

  assertEditable(): void {
    if (this.editorType === 'dev') throw new Error('Cannot edit the document in Dev Mode');
  }

  assertCanAnnotate(): void {
    if (!this.annotationsAllowed) throw new Error('Cannot edit annotations in a read-only file');
  }

  validAnnotation(annotation: PortAnnotation): PortAnnotation {
    if (annotation.label !== undefined && annotation.labelMarkdown !== undefined)
      throw new Error('Cannot set both label and labelMarkdown');
    if (annotation.label === undefined && annotation.labelMarkdown === undefined && !annotation.properties?.length) {
      throw new Error('An annotation needs a label or a pinned property');
    }
    if (
      annotation.categoryId !== undefined &&
      !this.categories.some((category) => category.id === annotation.categoryId)
    ) {
      throw new Error(`Unknown annotation category ${annotation.categoryId}`);
    }
    return { ...annotation };
  }
}
