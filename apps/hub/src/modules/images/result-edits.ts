import { EDITABLE_RESULT_FIELDS, EditableResultField, ImageEdit, Tag, TaggingResult } from '@tagphoto/contracts';

const isEditable = (field: string): field is EditableResultField =>
  (EDITABLE_RESULT_FIELDS as readonly string[]).includes(field);

/** A person's edit applied to a result, and the names of the fields it touched. */
export function applyEdit(
  result: TaggingResult,
  edit: ImageEdit,
): { result: TaggingResult; fields: EditableResultField[] } {
  const next: TaggingResult = { ...result };
  const fields: EditableResultField[] = [];
  if (edit.altText !== undefined) {
    next.altText = edit.altText;
    fields.push('altText');
  }
  if (edit.title !== undefined) {
    next.title = edit.title;
    fields.push('title');
  }
  if (edit.tags !== undefined) {
    next.tags = editedTags(result.tags, edit.tags);
    fields.push('tags');
  }
  return { result: next, fields };
}

/** Labels the engine already gave keep their confidence and source; the others are the person's own. */
function editedTags(current: Tag[], labels: string[]): Tag[] {
  const byLabel = new Map(current.map((tag) => [tag.label.toLowerCase(), tag]));
  const seen = new Set<string>();
  const tags: Tag[] = [];
  for (const label of labels) {
    const key = label.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push(byLabel.get(key) ?? { label, confidence: 1, source: 'person' });
  }
  return tags;
}

/** A fresh engine result with the fields a person edited taken from the previous result, so re-tagging keeps them. */
export function keepEdits(
  fresh: TaggingResult,
  previous: TaggingResult,
  editedFields: readonly string[],
): TaggingResult {
  const kept: TaggingResult = { ...fresh };
  for (const field of editedFields) {
    if (!isEditable(field)) continue;
    if (field === 'tags') kept.tags = previous.tags;
    else kept[field] = previous[field];
  }
  return kept;
}

/** The union of the fields already edited and the ones just edited, in a stable order. */
export function mergeEditedFields(before: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...before, ...added])].sort();
}
