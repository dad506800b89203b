/**
 * The part of Figma's PluginAPI the plugin uses, as structural types: the real `figma` global satisfies them
 * (checked when code.ts is compiled against @figma/plugin-typings), and tests pass a fake that does too.
 */

export interface PortPaint {
  readonly type: string;
  readonly imageHash?: string | null;
  readonly visible?: boolean;
}

export interface PortAnnotation {
  readonly label?: string;
  readonly labelMarkdown?: string;
  readonly properties?: ReadonlyArray<{ readonly type: string }>;
  readonly categoryId?: string;
}

export interface PortAnnotationCategory {
  readonly id: string;
  readonly label: string;
}

export interface PortNode {
  readonly id: string;
  readonly type: string;
  name: string;
  /** `figma.mixed` (a symbol) when a text node mixes fills; absent on nodes without fills. */
  readonly fills?: ReadonlyArray<PortPaint> | symbol;
  /** Present only on node types that carry Dev Mode annotations. */
  annotations?: ReadonlyArray<PortAnnotation>;
  /** Present on components (and styles): what developers read at hand-off. */
  description?: string;
  getSharedPluginData(namespace: string, key: string): string;
  setSharedPluginData(namespace: string, key: string, value: string): void;
}

export interface PortImage {
  getBytesAsync(): Promise<Uint8Array>;
}

export interface PortClientStorage {
  getAsync(key: string): Promise<unknown>;
  setAsync(key: string, value: unknown): Promise<void>;
  deleteAsync(key: string): Promise<void>;
}

export interface FigmaPort {
  readonly editorType: string;
  readonly currentPage: { readonly selection: ReadonlyArray<PortNode> };
  readonly clientStorage: PortClientStorage;
  readonly annotations: { getAnnotationCategoriesAsync(): Promise<ReadonlyArray<PortAnnotationCategory>> };
  getImageByHash(hash: string): PortImage | null;
}

/** Where plugin data lives; shared so other plugins and the REST API can read the alt text too. */
export const PLUGIN_DATA_NAMESPACE = 'tagphoto';
