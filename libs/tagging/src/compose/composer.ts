import type { Box, Language, TaggingResult, TagSource } from '@tagphoto/contracts';
import { IMAGENET_CATEGORIES } from '../labels/imagenet-categories';
import type { Vocabulary } from '../options';
import type { Signals } from '../signals';
import { aliasesOf, canonicalKey, moreSpecific, SUPPORTS } from './concepts';
import { capitalize, countedNoun, fill, joinList, type Role } from './grammar';
import { LANGUAGE_PACKS, type LanguagePack, type NounForms } from './i18n';

export interface ComposeOptions {
  language?: Language;
  vocabulary?: Vocabulary;
  /** Tags, detected objects and subjects below this confidence are left out. */
  minConfidence?: number;
  /** With a vocabulary: keep tags that match none of its terms (translated) instead of dropping them. */
  keepUnknown?: boolean;
}

export const COMPOSE_SETTINGS = {
  minConfidence: 0.3,
  titleLength: 60,
  altTextLength: 125,
  /** Longest visible text quoted in the description; alt text quotes less when it runs out of room. */
  quoteLength: 80,
  /** Colours covering at least this share become tags, weighted 0.3 + 0.4 × share. */
  colorTagFraction: 0.1,
  /** Colours covering at least this share are named in the description (two at most). */
  describedColorFraction: 0.15,
  describedSubjects: 4,
  /** Faint OCR hits (a stray letter) are not "text". */
  minTextLength: 2,
} as const;

/** Phrases that make alt text redundant for screen readers, in every language the engine writes. */
const REDUNDANT_ALT_PHRASES =
  /\b(image|picture|photo|photograph|imagen|immagine|imagem|afbeelding|bild|foto)\s+(of|von|de|d'|di|van|eines|einer)\s*/giu;

type Kind = 'noun' | 'imagenet' | 'color' | 'safety';

interface Candidate {
  kind: Kind;
  key: string;
  confidence: number;
  source: TagSource;
}

interface SubjectGroup {
  key: string;
  count: number;
  confidence: number;
  boxes: Box[];
}

interface Scene {
  groups: SubjectGroup[];
  /** Best ImageNet class: the subject when no object was detected, or when it is far surer than any detection. */
  fallback?: Candidate;
  /** Set when the fallback leads the title and subject: "Espresso with a cup" rather than "A cup". */
  leads: boolean;
  text: string;
  colors: string[];
}

/** Turns analyzer signals into the public result, in the caller's language and vocabulary. Deterministic. */
export function compose(signals: Signals, options: ComposeOptions = {}): Omit<TaggingResult, 'models'> {
  const language = options.language ?? 'en';
  const pack = LANGUAGE_PACKS[language];
  const minConfidence = options.minConfidence ?? COMPOSE_SETTINGS.minConfidence;
  const classified = classifiedAnimal(signals);
  const objects = (signals.objects?.objects ?? [])
    .filter((o) => o.confidence >= minConfidence)
    .map((o) => reconcileAnimal(o, classified));
  const people = countPeople(signals, objects, minConfidence, classified);
  const candidates = mergeCandidates(gatherCandidates(signals, objects, people)).filter((c) => c.confidence >= minConfidence);
  const scene = describeScene(signals, objects, people, candidates, minConfidence, pack);
  const writer = new SceneWriter(language, pack, scene);
  return {
    tags: finalTags(candidates, language, pack, options),
    title: writer.title(),
    description: writer.description(),
    altText: writer.altText(),
    text: signals.text?.text ?? '',
    objects: objects.map((o) => ({ ...o, label: nounLabel(pack, canonicalKey(o.label)) })),
    colors: (signals.colors?.colors ?? []).map((c) => ({ ...c, name: pack.colors[c.name] ?? c.name })),
    safety: signals.safety ? { rating: signals.safety.rating, scores: signals.safety.scores } : { rating: 'safe', scores: {} },
    faces: { count: people.faces },
    width: signals.metadata.width,
    height: signals.metadata.height,
    language,
  };
}

/** COCO's animal classes, which the ImageNet classifier tells apart far better than the detector does. */
const COCO_ANIMALS: ReadonlySet<string> = new Set(['bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra', 'giraffe']);
/** How sure the classifier must be of an animal before it overrules the detector's animal class. */
const CLASSIFIED_ANIMAL_CONFIDENCE = 0.5;

type DetectedObject = NonNullable<Signals['objects']>['objects'][number];

/** The COCO animal the whole-image classifier is confident of (summing its classes, e.g. all cat breeds). */
function classifiedAnimal(signals: Signals): { key: string; confidence: number } | undefined {
  const shares = new Map<string, number>();
  for (const label of signals.labels?.labels ?? []) {
    for (const category of IMAGENET_CATEGORIES[label.index] ?? []) {
      if (COCO_ANIMALS.has(category)) shares.set(category, (shares.get(category) ?? 0) + label.confidence);
    }
  }
  const [best] = [...shares.entries()].sort((a, b) => b[1] - a[1]);
  return best && best[1] >= CLASSIFIED_ANIMAL_CONFIDENCE ? { key: best[0], confidence: Math.min(1, best[1]) } : undefined;
}

/** CenterNet calls cats dogs: an animal box the classifier contradicts more confidently takes the classifier's animal. */
function reconcileAnimal(object: DetectedObject, classified: { key: string; confidence: number } | undefined): DetectedObject {
  const key = canonicalKey(object.label);
  if (!classified || !COCO_ANIMALS.has(key) || key === classified.key || object.confidence >= classified.confidence) return object;
  return { ...object, label: classified.key };
}

interface People {
  /** Faces are not counted when the picture is of an animal and no person is seen: BlazeFace also fires on cat faces. */
  faces: number;
  count: number;
  confidence: number;
  boxes: Box[];
}

function countPeople(
  signals: Signals,
  objects: DetectedObject[],
  minConfidence: number,
  classified: { key: string } | undefined,
): People {
  const persons = objects.filter((o) => canonicalKey(o.label) === 'person');
  const personLabels = (signals.labels?.labels ?? []).filter(
    (l) => l.confidence >= minConfidence && IMAGENET_CATEGORIES[l.index]?.includes('person'),
  );
  const seen = persons.length > 0 || personLabels.length > 0;
  const animal = classified !== undefined || objects.some((o) => COCO_ANIMALS.has(canonicalKey(o.label)));
  const faces = seen || !animal ? signals.faces?.count ?? 0 : 0;
  const confidences = [...persons.map((p) => p.confidence), ...personLabels.map((l) => l.confidence)];
  if (faces > 0) confidences.push(signals.faces?.confidences[0] ?? 1);
  return {
    faces,
    count: Math.max(persons.length, faces, personLabels.length > 0 ? 1 : 0),
    confidence: confidences.length > 0 ? Math.max(...confidences) : 0,
    boxes: persons.map((p) => p.box),
  };
}

function gatherCandidates(signals: Signals, objects: DetectedObject[], people: People): Candidate[] {
  const candidates: Candidate[] = objects.map((o) => ({ kind: 'noun', key: canonicalKey(o.label), confidence: o.confidence, source: 'objects' }));
  const categoryShares = new Map<string, number>();
  for (const label of signals.labels?.labels ?? []) {
    const key = canonicalKey(label.label);
    const kind: Kind = key in LANGUAGE_PACKS.en.nouns ? 'noun' : 'imagenet';
    candidates.push({ kind, key, confidence: label.confidence, source: 'labels' });
    // Classes are mutually exclusive, so a category's probability is the sum of its classes'.
    for (const category of IMAGENET_CATEGORIES[label.index] ?? []) {
      categoryShares.set(category, Math.min(1, (categoryShares.get(category) ?? 0) + label.confidence));
    }
  }
  for (const [key, confidence] of categoryShares) candidates.push({ kind: 'noun', key, confidence, source: 'category' });
  if (people.faces > 0) candidates.push({ kind: 'noun', key: 'person', confidence: signals.faces?.confidences[0] ?? 1, source: 'faces' });
  if (people.count >= 2) {
    const source: TagSource = people.boxes.length >= 2 ? 'objects' : 'faces';
    candidates.push({ kind: 'noun', key: 'people', confidence: people.confidence, source });
  }
  const text = visibleText(signals);
  if (text) {
    const lines = signals.text?.lines ?? [];
    const confidence = lines.length > 0 ? lines.reduce((sum, l) => sum + l.confidence, 0) / lines.length : 1;
    candidates.push({ kind: 'noun', key: 'text', confidence, source: 'text' });
  }
  for (const color of signals.colors?.colors ?? []) {
    if (color.fraction >= COMPOSE_SETTINGS.colorTagFraction) {
      candidates.push({ kind: 'color', key: color.name, confidence: 0.3 + 0.4 * color.fraction, source: 'colors' });
    }
  }
  candidates.push(...safetyCandidates(signals));
  return candidates;
}

function safetyCandidates(signals: Signals): Candidate[] {
  if (!signals.safety) return [];
  const { rating, scores } = signals.safety;
  const explicit = (scores.porn ?? 0) + (scores.hentai ?? 0);
  const found: Candidate[] = [];
  if (rating === 'unsafe') found.push({ kind: 'safety', key: 'explicit', confidence: explicit || 1, source: 'safety' });
  if (rating === 'questionable') {
    found.push({ kind: 'safety', key: 'suggestive', confidence: Math.max(explicit, scores.sexy ?? 0) || 1, source: 'safety' });
  }
  const drawn = (scores.drawing ?? 0) + (scores.hentai ?? 0);
  if (drawn >= 0.5) found.push({ kind: 'safety', key: 'illustration', confidence: Math.min(1, drawn), source: 'safety' });
  return found;
}

/** One candidate per concept: the strongest report of each source, combined across sources by noisy-or. */
function mergeCandidates(candidates: Candidate[]): Candidate[] {
  const byConcept = new Map<string, { kind: Kind; key: string; bySource: Map<TagSource, number> }>();
  for (const c of candidates) {
    const id = `${c.kind}:${c.key}`;
    const entry = byConcept.get(id) ?? { kind: c.kind, key: c.key, bySource: new Map<TagSource, number>() };
    entry.bySource.set(c.source, Math.max(entry.bySource.get(c.source) ?? 0, c.confidence));
    byConcept.set(id, entry);
  }
  return [...byConcept.values()].map(({ kind, key, bySource }) => {
    const sources = [...bySource.keys()];
    const miss = [...bySource.values()].reduce((product, confidence) => product * (1 - confidence), 1);
    return { kind, key, confidence: 1 - miss, source: sources.reduce(moreSpecific) };
  });
}

function nounLabel(pack: LanguagePack, key: string): string {
  const noun = pack.nouns[key];
  return noun ? noun.tag ?? noun.one : key;
}

function candidateLabel(pack: LanguagePack, c: Candidate): string {
  switch (c.kind) {
    case 'noun':
      return nounLabel(pack, c.key);
    case 'imagenet':
      return pack.imagenet[c.key] ?? c.key;
    case 'color':
      return pack.colors[c.key] ?? c.key;
    case 'safety':
      return pack.safety[c.key] ?? c.key;
  }
}

/** Every name a caller's vocabulary may use for a candidate: English key, synonyms, both languages' forms. */
function candidateNames(language: Language, c: Candidate): Set<string> {
  const names = [c.key, ...aliasesOf(c.key)];
  for (const pack of new Set([LANGUAGE_PACKS.en, LANGUAGE_PACKS[language]])) {
    names.push(candidateLabel(pack, c));
    const noun = c.kind === 'noun' ? pack.nouns[c.key] : undefined;
    if (noun) names.push(noun.one, noun.other);
  }
  return new Set(names.map(normalize));
}

function normalize(text: string): string {
  return text.trim().toLocaleLowerCase();
}

interface OutputTag {
  label: string;
  confidence: number;
  source: TagSource;
}

function finalTags(candidates: Candidate[], language: Language, pack: LanguagePack, options: ComposeOptions) {
  const labelled: OutputTag[] = [];
  for (const c of candidates) {
    const label = options.vocabulary ? vocabularyTag(options.vocabulary, language, c) : candidateLabel(pack, c);
    if (label !== undefined) labelled.push({ label, confidence: c.confidence, source: c.source });
    else if (options.keepUnknown) labelled.push({ label: candidateLabel(pack, c), confidence: c.confidence, source: c.source });
  }
  const byLabel = new Map<string, OutputTag>();
  for (const tag of labelled) {
    const id = normalize(tag.label);
    const same = byLabel.get(id);
    if (!same) byLabel.set(id, tag);
    else byLabel.set(id, { label: same.label, confidence: Math.max(same.confidence, tag.confidence), source: moreSpecific(same.source, tag.source) });
  }
  return [...byLabel.values()]
    .map((tag) => ({ ...tag, confidence: Math.round(tag.confidence * 1000) / 1000 }))
    .sort((a, b) => b.confidence - a.confidence || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

function vocabularyTag(vocabulary: Vocabulary, language: Language, c: Candidate): string | undefined {
  const names = candidateNames(language, c);
  return vocabulary.terms.find((term) => [term.tag, ...term.matches].some((m) => names.has(normalize(m))))?.tag;
}

function visibleText(signals: Signals): string {
  const text = (signals.text?.text ?? '').replace(/\s+/g, ' ').trim();
  return text.replace(/\s/g, '').length >= COMPOSE_SETTINGS.minTextLength ? text : '';
}

function describeScene(
  signals: Signals,
  objects: DetectedObject[],
  people: People,
  candidates: Candidate[],
  minConfidence: number,
  pack: LanguagePack,
): Scene {
  const groups = new Map<string, SubjectGroup>();
  for (const o of objects) {
    const key = canonicalKey(o.label);
    if (key === 'person') continue;
    const group = groups.get(key) ?? { key, count: 0, confidence: 0, boxes: [] };
    group.count += 1;
    group.confidence = Math.max(group.confidence, o.confidence);
    group.boxes.push(o.box);
    groups.set(key, group);
  }
  const ordered = [...groups.values()].sort(
    (a, b) => b.confidence - a.confidence || b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  if (people.count > 0) ordered.unshift({ key: 'person', count: people.count, confidence: people.confidence, boxes: people.boxes });
  const fallback = candidates
    .filter((c) => c.source === 'labels' && c.confidence >= minConfidence)
    .sort((a, b) => b.confidence - a.confidence || (a.key < b.key ? -1 : 1))[0];
  const colors = (signals.colors?.colors ?? [])
    .filter((c) => c.fraction >= COMPOSE_SETTINGS.describedColorFraction)
    .slice(0, 2)
    .map((c) => pack.colors[c.name] ?? c.name);
  // A confident specific class leads unless people are in the picture; detections it already names (a
  // goldfinch is a bird) are dropped, others follow it.
  const leads =
    fallback !== undefined &&
    fallback.confidence >= LEADING_LABEL_CONFIDENCE &&
    people.count === 0 &&
    (ordered.length === 0 || fallback.confidence > ordered[0].confidence);
  const named = new Set<string>(
    leads ? (signals.labels?.labels ?? []).filter((l) => canonicalKey(l.label) === fallback.key).flatMap((l) => IMAGENET_CATEGORIES[l.index] ?? []) : [],
  );
  const subjects = leads ? ordered.filter((group) => !named.has(group.key) && group.key !== fallback.key) : ordered;
  return { groups: subjects, fallback, leads, text: visibleText(signals), colors: [...new Set(colors)] };
}

/** How sure the classifier must be for its class to lead the title and subject over detected objects. */
const LEADING_LABEL_CONFIDENCE = 0.8;

/** True when one of `top`'s boxes rests on one of `below`'s: its bottom centre inside, its centre higher. */
function restsOn(top: SubjectGroup, below: SubjectGroup): boolean {
  if (!SUPPORTS.has(below.key)) return false;
  return top.boxes.some((t) =>
    below.boxes.some((b) => {
      const footX = t.x + t.width / 2;
      const footY = t.y + t.height;
      const inside = footX >= b.x && footX <= b.x + b.width && footY >= b.y && footY <= b.y + b.height;
      return inside && t.y + t.height / 2 < b.y + b.height / 2;
    }),
  );
}

function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** Writes the title, description and alt text of one scene in one language. */
class SceneWriter {
  constructor(
    private readonly language: Language,
    private readonly pack: LanguagePack,
    private readonly scene: Scene,
  ) {}

  title(): string {
    const { groups } = this.scene;
    const max = COMPOSE_SETTINGS.titleLength;
    if (this.scene.leads) return capitalize(truncateWords(this.fallbackLabel(), max));
    if (groups.length > 0) {
      const full = this.pair(groups[0], groups[1], 'title');
      const title = full.length <= max ? full : this.phrase(groups[0], 'title');
      return capitalize(truncateWords(title, max));
    }
    if (this.scene.fallback) return capitalize(truncateWords(this.fallbackLabel(), max));
    if (this.scene.text) return capitalize(this.textLabel(max));
    return this.pack.templates.noSubject;
  }

  description(): string {
    const { templates } = this.pack;
    const subject = this.subjectSentence();
    const colors = this.scene.colors.length > 0 ? joinList(this.scene.colors, templates.and) : '';
    let first = '';
    if (subject) first = colors ? `${subject}, ${fill(templates.inColors, { colors })}` : subject;
    else if (colors) first = fill(templates.dominantColors, { colors });
    else if (!this.scene.text) first = templates.noSubject;
    const sentences = first ? [`${capitalize(first)}.`] : [];
    if (this.scene.text) sentences.push(fill(templates.textReads, { quote: this.quote(COMPOSE_SETTINGS.quoteLength) }));
    return sentences.join(' ');
  }

  altText(): string {
    const max = COMPOSE_SETTINGS.altTextLength;
    const subject = capitalize(this.subjectSentence());
    let alt: string;
    if (subject && this.scene.text) {
      const room = max - subject.length - 2;
      alt = room >= 12 ? `${subject}. ${capitalize(this.textLabel(room))}` : subject;
    } else if (this.scene.text) {
      alt = capitalize(this.textLabel(max));
    } else if (subject) {
      alt = subject;
    } else if (this.scene.colors.length > 0) {
      alt = fill(this.pack.templates.dominantColors, { colors: joinList(this.scene.colors, this.pack.templates.and) });
    } else {
      alt = this.pack.templates.noSubject;
    }
    return truncateWords(alt.replace(REDUNDANT_ALT_PHRASES, '').replace(/\s{2,}/g, ' ').trim(), max);
  }

  /** Main subjects in running text: "a cat on a sofa", "two people, a ball and a dog". */
  private subjectSentence(): string {
    const { groups } = this.scene;
    const { templates } = this.pack;
    if (this.scene.leads) {
      const rest = groups.slice(0, COMPOSE_SETTINGS.describedSubjects - 1).map((g) => this.phrase(g, 'object'));
      return rest.length > 0 ? fill(templates.with, { subject: this.fallbackLabel(), object: joinList(rest, templates.and) }) : this.fallbackLabel();
    }
    if (groups.length === 0) return this.scene.fallback ? this.fallbackLabel() : '';
    const shown = groups.slice(0, COMPOSE_SETTINGS.describedSubjects);
    if (shown.length >= 2 && restsOn(shown[0], shown[1])) {
      const main = this.pair(shown[0], shown[1], 'subject');
      const rest = shown.slice(2).map((g) => this.phrase(g, 'object'));
      return rest.length > 0 ? fill(templates.with, { subject: main, object: joinList(rest, templates.and) }) : main;
    }
    return joinList(
      shown.map((g) => this.phrase(g, 'subject')),
      templates.and,
    );
  }

  private pair(first: SubjectGroup, second: SubjectGroup | undefined, role: Role): string {
    const subject = this.phrase(first, role);
    if (!second) return subject;
    const object = this.phrase(second, 'object');
    if (restsOn(first, second)) return fill(this.pack.templates.on, { subject, object });
    // Furniture or a vehicle beside the subject is not something it is "with".
    if (SUPPORTS.has(second.key)) return joinList([subject, this.phrase(second, 'subject')], this.pack.templates.and);
    return fill(this.pack.templates.with, { subject, object });
  }

  private phrase(group: SubjectGroup, role: Role): string {
    const noun: NounForms = this.pack.nouns[group.key] ?? { one: group.key, other: group.key };
    return countedNoun(this.language, this.pack, noun, group.count, role);
  }

  private fallbackLabel(): string {
    return this.scene.fallback ? candidateLabel(this.pack, this.scene.fallback) : '';
  }

  private quote(max: number): string {
    return fill(this.pack.templates.quote, { text: truncateWords(this.scene.text, max) });
  }

  /** "text: "GOAL"", shortening the quoted text so the whole fits in `max` characters. */
  private textLabel(max: number): string {
    const frame = fill(this.pack.templates.textLabel, { quote: fill(this.pack.templates.quote, { text: '' }) }).length;
    return fill(this.pack.templates.textLabel, { quote: this.quote(Math.max(4, max - frame)) });
  }
}
