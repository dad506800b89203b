import { PLUGIN_DATA_NAMESPACE, PortAnnotation, PortNode } from './figma-port';
import type { HubResult } from './messages';

export interface WriteBackOptions {
  renameLayers: boolean;
  editorType: string;
  /** The file's accessibility annotation category, when it has one. */
  annotationCategoryId?: string;
}

/** Keys under the shared 'tagphoto' namespace: readable by other plugins and the REST API. */
export const PLUGIN_DATA_KEYS = ['altText', 'title', 'description', 'tags', 'language', 'imageHash'] as const;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An annotation as Figma accepts it back: one of label/labelMarkdown, no undefined fields. */
function writableCopy(annotation: PortAnnotation): PortAnnotation {
  const copy: {
    label?: string;
    labelMarkdown?: string;
    properties?: PortAnnotation['properties'];
    categoryId?: string;
  } = {};
  if (annotation.labelMarkdown) copy.labelMarkdown = annotation.labelMarkdown;
  else if (annotation.label) copy.label = annotation.label;
  if (annotation.properties?.length) copy.properties = annotation.properties;
  if (annotation.categoryId) copy.categoryId = annotation.categoryId;
  return copy;
}

function isOurs(annotation: PortAnnotation, altTexts: string[]): boolean {
  const text = annotation.label ?? annotation.labelMarkdown;
  return !annotation.properties?.length && text !== undefined && altTexts.includes(text);
}

function writeAnnotation(
  node: PortNode,
  altText: string,
  previousAltText: string,
  categoryId: string | undefined,
): string | null {
  if (node.annotations === undefined)
    return `No Dev Mode annotation: a ${node.type.toLowerCase()} layer cannot carry one.`;
  const others = node.annotations
    .filter((annotation) => !isOurs(annotation, [previousAltText, altText]))
    .map(writableCopy);
  const ours: PortAnnotation = categoryId ? { label: altText, categoryId } : { label: altText };
  try {
    node.annotations = [...others, ours];
    return null;
  } catch (error) {
    return `No Dev Mode annotation: this file does not allow it here (${errorText(error)}).`;
  }
}

function writeDescription(node: PortNode, altText: string, previousAltText: string, editorType: string): string | null {
  if (node.type !== 'COMPONENT' || node.description === undefined) return null;
  if (editorType === 'dev') return 'Component description unchanged: Dev Mode is read-only.';
  // A description a person wrote stays; only an empty one or our own earlier alt text is replaced.
  if (node.description !== '' && node.description !== previousAltText)
    return 'Component description kept: it was written by a person.';
  try {
    node.description = altText;
    return null;
  } catch (error) {
    return `Component description unchanged (${errorText(error)}).`;
  }
}

function writeName(node: PortNode, title: string, editorType: string): string | null {
  if (!title) return null;
  if (editorType === 'dev') return 'Layer name kept: Dev Mode is read-only.';
  try {
    node.name = title;
    return null;
  } catch (error) {
    return `Layer name kept (${errorText(error)}).`;
  }
}

/**
 * Writes the hub's result onto a layer: plugin data always (a failure there fails the layer), then the name,
 * annotation and component description where the document allows; returns notes on what it could not write.
 */
export function writeBack(node: PortNode, result: HubResult, imageHash: string, options: WriteBackOptions): string[] {
  const previousAltText = node.getSharedPluginData(PLUGIN_DATA_NAMESPACE, 'altText');
  const data: Record<(typeof PLUGIN_DATA_KEYS)[number], string> = {
    altText: result.altText,
    title: result.title,
    description: result.description,
    tags: JSON.stringify(result.tags.map((tag) => tag.label)),
    language: result.language,
    imageHash,
  };
  for (const key of PLUGIN_DATA_KEYS) node.setSharedPluginData(PLUGIN_DATA_NAMESPACE, key, data[key]);
  const notes = [
    options.renameLayers ? writeName(node, result.title, options.editorType) : null,
    result.altText ? writeAnnotation(node, result.altText, previousAltText, options.annotationCategoryId) : null,
    result.altText ? writeDescription(node, result.altText, previousAltText, options.editorType) : null,
  ];
  return notes.filter((note): note is string => note !== null);
}
