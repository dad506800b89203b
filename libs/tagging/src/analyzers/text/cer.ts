/** Levenshtein distance over Unicode code points (insertions, deletions and substitutions cost 1). */
export function editDistance(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  let previous = Array.from({ length: right.length + 1 }, (_, j) => j);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const substitution = previous[j - 1] + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length];
}

/** Collapse every run of whitespace (including line breaks) to one space, so layout does not count as errors. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Character error rate: edit distance from the recognised text to the truth, divided by the length of the
 * truth. 0 is perfect; it can exceed 1 when much extra text is recognised.
 */
export function characterErrorRate(recognised: string, truth: string): number {
  const truthLength = Array.from(truth).length;
  if (truthLength === 0) return Array.from(recognised).length === 0 ? 0 : 1;
  return editDistance(recognised, truth) / truthLength;
}
