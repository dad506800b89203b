import type { Language } from '@tagphoto/contracts';
import type { VisionFindings } from './vision-provider';
import PROMPTS from './prompts.json';

export interface Prompt {
  system: string;
  user: string;
}

/** Objects the hints name at most, strongest first: more is noise for the model. */
const HINTED_OBJECTS = 8;
/** Longest OCR text quoted in the hints. */
const HINTED_TEXT = 300;

/** The system and user prompt in the requested language (prompts.json), the built-in findings filled in as hints. */
export function buildPrompt(findings: VisionFindings, language: Language): Prompt {
  const prompts = PROMPTS[language];
  const words = prompts.findings;
  const hints: string[] = [];
  const objects = findings.objects
    .slice(0, HINTED_OBJECTS)
    .map((o) => `${o.label} (${Math.round(o.confidence * 100)}%)`);
  if (objects.length > 0) hints.push(words.objects.replace('{list}', objects.join(', ')));
  if (findings.faces > 0) hints.push(words.faces.replace('{count}', String(findings.faces)));
  if (findings.text) hints.push(words.text.replace('{text}', findings.text.slice(0, HINTED_TEXT)));
  if (findings.colors.length > 0) hints.push(words.colors.replace('{list}', findings.colors.join(', ')));
  hints.push(words.kind.replace('{kind}', findings.pictureKind));
  return {
    system: prompts.system,
    user: prompts.user.replace('{findings}', hints.length > 0 ? hints.join('; ') : words.none),
  };
}
