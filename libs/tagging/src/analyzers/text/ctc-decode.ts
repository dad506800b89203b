export interface DecodedLine {
  text: string;
  /** Mean probability of the kept characters; 0 when nothing was read. */
  confidence: number;
}

/**
 * Greedy CTC decoding of one line: best class per time step, repeats collapsed, blanks (class 0)
 * dropped. `characters[k]` is the character of class k + 1.
 */
export function decodeCtcGreedy(
  probabilities: Float32Array,
  steps: number,
  classes: number,
  characters: readonly string[],
): DecodedLine {
  let text = '';
  let confidenceSum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const offset = t * classes;
    let best = 0;
    let bestProbability = probabilities[offset];
    for (let k = 1; k < classes; k++) {
      if (probabilities[offset + k] > bestProbability) {
        best = k;
        bestProbability = probabilities[offset + k];
      }
    }
    if (best !== 0 && best !== previous) {
      text += characters[best - 1] ?? '';
      confidenceSum += bestProbability;
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept === 0 ? 0 : confidenceSum / kept };
}
