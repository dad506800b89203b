import type { Language, TaggingResult, TagSource } from '@tagphoto/contracts';
import { rateSafety } from '../analyzers/safety.analyzer';
import type { Vocabulary } from '../options';
import type { ImageNetLabel, Signals } from '../signals';
import { aliasesOf, canonicalKey, moreSpecific, sharedKey, SUPPORTS } from './concepts';
import { describePicture, type Picture, type PictureKind, type SceneKey } from './picture';
import { blendedLabels, categoryShares, chooseSubject, COCO_FAMILY, NOT_A_SUBJECT, type SubjectGroup } from './subject';
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

/** Channel values at or above this are white. */
const WHITE = 235;
/** The picture kind's rules are calibrated thresholds, not probabilities: its tag gets a fixed, fairly high confidence. */
const PICTURE_TAG_CONFIDENCE = 0.8;
/** A colour tag's confidence is COLOR_TAG_BASE + COLOR_TAG_PER_SHARE × the share of the picture it covers. */
const COLOR_TAG_BASE = 0.3;
const COLOR_TAG_PER_SHARE = 0.4;

export const COMPOSE_SETTINGS = {
  minConfidence: 0.3,
  titleLength: 60,
  altTextLength: 125,
  /** Longest visible text quoted in the description; alt text quotes less when it runs out of room. */
  quoteLength: 80,
  /** Colours covering at least this share become tags (their confidence: see COLOR_TAG_BASE). */
  colorTagFraction: 0.1,
  describedSubjects: 4,
  /** Faint OCR hits (a stray letter or two, often misread texture) are not "text". */
  minTextLength: 4,
  /**
   * Lines read less surely than this are not quoted in the title, description or alt text (they stay in `text`): on
   * the tune part most of them are misreads ("prlory gallerdes", "estedTo Coap"), while the lines above it read right.
   */
  quoteConfidence: 0.9,
} as const;

/** Phrases that make alt text redundant for screen readers, in every language the engine writes. */
export const REDUNDANT_ALT_PHRASES =
  /\b(image|picture|photo|photograph|imagen|immagine|imagem|afbeelding|bild|foto)\s+(of|von|de|d'|di|van|eines|einer)\s*/giu;

export type Kind = 'noun' | 'imagenet' | 'color' | 'picture' | 'scene';

export interface Candidate {
  kind: Kind;
  key: string;
  confidence: number;
  source: TagSource;
}

/** What the writer describes: the chosen subjects, the kind of picture, its text and a product's background. */
interface Scene {
  groups: SubjectGroup[];
  picture: Picture;
  text: string;
  onWhite: boolean;
}

/** Turns analyzer signals into the public result, in the caller's language and vocabulary. Deterministic. */
export function compose(signals: Signals, options: ComposeOptions = {}): Omit<TaggingResult, 'models' | 'sources'> {
  const language = options.language ?? 'en';
  const pack = LANGUAGE_PACKS[language];
  const minConfidence = options.minConfidence ?? COMPOSE_SETTINGS.minConfidence;
  const labels = blendedLabels(signals);
  // "web site" or "jigsaw puzzle" say what kind of picture it is (the picture tag says that), not what is in it.
  const things = labels.filter((label) => !NOT_A_SUBJECT.has(label.label));
  const classified = classifiedAnimal(labels);
  const objects = (signals.objects?.objects ?? [])
    .filter((o) => o.confidence >= minConfidence)
    .map((o) => reconcileAnimal(o, classified));
  const picture = describePicture(signals, labels);
  const text = quotableText(signals);
  const { groups, reasons, people } = chooseSubject(signals, objects, labels, {
    readText: text !== '',
    drawn: picture.kind === 'illustration',
  });
  // A text picture's subject is its text, whatever the models make of the page.
  const review = picture.textHeavy
    ? { needed: true, reasons: ['text-only picture' as const] }
    : { needed: reasons.length > 0, reasons };
  const candidates = mergeCandidates(gatherCandidates(signals, things, objects, people, picture)).filter(
    (c) => c.confidence >= minConfidence,
  );
  const scene: Scene = {
    groups: picture.textHeavy ? [] : groups,
    picture,
    text,
    onWhite: onWhite(signals, picture),
  };
  const writer = new SceneWriter(language, pack, scene);
  return {
    tags: finalTags(candidates, language, pack, options),
    title: writer.title(),
    description: writer.description(),
    altText: writer.altText(),
    text: signals.text?.text ?? '',
    objects: objects.map((o) => ({ ...o, label: nounLabel(pack, canonicalKey(o.label)) })),
    colors: (signals.colors?.colors ?? []).map((c) => ({ ...c, name: pack.colors[c.name] ?? c.name })),
    safety: signals.safety
      ? {
          rating: rateSafety(signals.safety.scores, {
            peopleOrDrawn: people !== undefined || picture.kind === 'illustration',
          }),
          scores: signals.safety.scores,
        }
      : { rating: 'safe', scores: {} },
    // BlazeFace also fires on cats, flowers and cars: faces are counted only where a person's body was seen.
    faces: { count: people ? (signals.faces?.count ?? 0) : 0 },
    review,
    width: signals.metadata.width,
    height: signals.metadata.height,
    language,
  };
}

/** COCO's animal classes, which the ImageNet classifier tells apart far better than the detector does. */
const COCO_ANIMALS: ReadonlySet<string> = new Set(
  Object.entries(COCO_FAMILY)
    .filter(([, family]) => family === 'animal')
    .map(([label]) => label),
);
/** How sure the classifier must be of an animal before it overrules the detector's animal class. */
const CLASSIFIED_ANIMAL_CONFIDENCE = 0.5;

type DetectedObject = NonNullable<Signals['objects']>['objects'][number];

/** The COCO animal the classifier is confident of (summing its classes, e.g. all cat breeds). */
function classifiedAnimal(labels: readonly ImageNetLabel[]): { key: string; confidence: number } | undefined {
  const [best] = [...categoryShares(labels)]
    .filter(([category]) => COCO_ANIMALS.has(category))
    .sort((a, b) => b[1] - a[1]);
  return best && best[1] >= CLASSIFIED_ANIMAL_CONFIDENCE ? { key: best[0], confidence: best[1] } : undefined;
}

/** CenterNet calls cats dogs: an animal box the classifier contradicts more confidently takes the classifier's animal. */
function reconcileAnimal(
  object: DetectedObject,
  classified: { key: string; confidence: number } | undefined,
): DetectedObject {
  const key = canonicalKey(object.label);
  if (!classified || !COCO_ANIMALS.has(key) || key === classified.key || object.confidence >= classified.confidence)
    return object;
  return { ...object, label: classified.key };
}

/** A product shot's white background, which the description names ("a bag on a white background"). */
function onWhite(signals: Signals, picture: Picture): boolean {
  const background = signals.appearance.background;
  return (
    background !== undefined && picture.kind === 'picture' && background.color.every((channel) => channel >= WHITE)
  );
}

function gatherCandidates(
  signals: Signals,
  labels: readonly ImageNetLabel[],
  objects: DetectedObject[],
  people: SubjectGroup | undefined,
  picture: Picture,
): Candidate[] {
  const candidates: Candidate[] = objects
    .filter((o) => canonicalKey(o.label) !== 'person')
    .map((o) => ({ kind: 'noun', key: canonicalKey(o.label), confidence: o.confidence, source: 'objects' }));
  for (const label of labels) {
    const shared = sharedKey(label.label);
    const noun = shared !== undefined && shared in LANGUAGE_PACKS.en.nouns;
    candidates.push({
      kind: noun ? 'noun' : 'imagenet',
      key: noun ? shared : label.label,
      confidence: label.confidence,
      source: 'labels',
    });
  }
  for (const [key, confidence] of categoryShares(labels)) {
    if (key !== 'person') candidates.push({ kind: 'noun', key, confidence, source: 'category' });
  }
  if (people) {
    candidates.push({ kind: 'noun', key: 'person', confidence: people.confidence, source: 'objects' });
    if ((people.people ?? 1) >= 2)
      candidates.push({
        kind: 'noun',
        key: 'people',
        confidence: people.confidence,
        source: people.boxes.length >= 2 ? 'objects' : 'faces',
      });
  }
  const text = visibleText(signals);
  if (text) {
    const lines = signals.text?.lines ?? [];
    const confidence = lines.length > 0 ? lines.reduce((sum, l) => sum + l.confidence, 0) / lines.length : 1;
    candidates.push({ kind: 'noun', key: 'text', confidence, source: 'text' });
  }
  if (picture.kind !== 'picture')
    candidates.push({ kind: 'picture', key: picture.kind, confidence: PICTURE_TAG_CONFIDENCE, source: 'category' });
  if (picture.scene)
    candidates.push({ kind: 'scene', key: picture.scene.key, confidence: picture.scene.confidence, source: 'labels' });
  for (const color of signals.colors?.colors ?? []) {
    if (color.fraction >= COMPOSE_SETTINGS.colorTagFraction) {
      candidates.push({
        kind: 'color',
        key: color.name,
        confidence: COLOR_TAG_BASE + COLOR_TAG_PER_SHARE * color.fraction,
        source: 'colors',
      });
    }
  }
  return candidates;
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
  return noun ? (noun.tag ?? noun.one) : key;
}

export function candidateLabel(pack: LanguagePack, c: Candidate): string {
  switch (c.kind) {
    case 'noun':
      return nounLabel(pack, c.key);
    case 'imagenet':
      return pack.imagenet[c.key] ?? c.key;
    case 'color':
      return pack.colors[c.key] ?? c.key;
    case 'picture':
      return pack.kinds[c.key as PictureKind].tag;
    case 'scene':
      return pack.scenes[c.key as SceneKey].tag;
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
    else if (options.keepUnknown)
      labelled.push({ label: candidateLabel(pack, c), confidence: c.confidence, source: c.source });
  }
  const byLabel = new Map<string, OutputTag>();
  for (const tag of labelled) {
    const id = normalize(tag.label);
    const same = byLabel.get(id);
    if (!same) byLabel.set(id, tag);
    else
      byLabel.set(id, {
        label: same.label,
        confidence: Math.max(same.confidence, tag.confidence),
        source: moreSpecific(same.source, tag.source),
      });
  }
  return [...byLabel.values()]
    .map((tag) => ({ ...tag, confidence: Math.round(tag.confidence * 1000) / 1000 }))
    .sort((a, b) => b.confidence - a.confidence || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

export function vocabularyTag(vocabulary: Vocabulary, language: Language, c: Candidate): string | undefined {
  const names = candidateNames(language, c);
  return vocabulary.terms.find((term) => [term.tag, ...term.matches].some((m) => names.has(normalize(m))))?.tag;
}

function visibleText(signals: Signals): string {
  return enoughText(signals.text?.text ?? '');
}

/** The visible text a sentence may quote: its surely read lines, in reading order. */
function quotableText(signals: Signals): string {
  return enoughText(
    (signals.text?.lines ?? [])
      .filter((line) => line.confidence >= COMPOSE_SETTINGS.quoteConfidence)
      .map((line) => line.text)
      .join(' '),
  );
}

function enoughText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.replace(/\s/g, '').length >= COMPOSE_SETTINGS.minTextLength ? oneLine : '';
}

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

  /** "Cat on a sofa", "Mountain landscape", "Screenshot: "Welcome to…"" — never empty. */
  title(): string {
    const { groups, picture, text } = this.scene;
    const max = COMPOSE_SETTINGS.titleLength;
    if (groups.length > 0) {
      const full = this.pair(groups[0], groups[1], 'title');
      return capitalize(truncateWords(full.length <= max ? full : this.phrase(groups[0], 'title'), max));
    }
    const kind = this.pack.kinds[picture.kind];
    // A product shot whose object no model is sure of: "Picture on a white background" still says what kind it is.
    if (this.scene.onWhite) return capitalize(fill(this.pack.templates.onWhite, { subject: kind.title }));
    if (picture.textHeavy && text)
      return capitalize(
        truncateWords(fill(this.pack.templates.titled, { kind: kind.title, quote: this.quote(max) }), max),
      );
    if (picture.scene) return this.pack.scenes[picture.scene.key].title;
    if (text) return capitalize(this.textLabel(max));
    return kind.title;
  }

  /** One or two sentences: what and where, then the text it shows. */
  description(): string {
    const sentences = [`${capitalize(this.subjectPhrase())}.`];
    if (this.scene.text)
      sentences.push(fill(this.pack.templates.textReads, { quote: this.quote(COMPOSE_SETTINGS.quoteLength) }));
    return sentences.join(' ');
  }

  /** Subject and setting, then the leading words of any text, within 125 characters. */
  altText(): string {
    const max = COMPOSE_SETTINGS.altTextLength;
    const subject = capitalize(this.subjectPhrase());
    let alt = subject;
    if (this.scene.text && (this.scene.picture.textHeavy || this.scene.groups.length === 0)) {
      // A text picture, or nothing but text: say what it is and quote its leading words.
      alt = fill(this.pack.templates.withText, { subject, quote: this.quote(Math.max(12, max - subject.length - 12)) });
    } else if (this.scene.text) {
      const room = max - subject.length - 2;
      if (room >= 12) alt = `${subject}. ${capitalize(this.textLabel(room))}`;
    }
    return truncateWords(
      alt
        .replace(REDUNDANT_ALT_PHRASES, '')
        .replace(/\s{2,}/g, ' ')
        .trim(),
      max,
    );
  }

  /** "a cat on a sofa", "a red bag on a white background", "a painting of a boat", "a mountain landscape". */
  private subjectPhrase(): string {
    const { groups, picture } = this.scene;
    const { templates } = this.pack;
    const kind = this.pack.kinds[picture.kind];
    if (groups.length === 0) {
      if (this.scene.onWhite) return fill(templates.onWhite, { subject: kind.alt });
      return picture.scene ? this.pack.scenes[picture.scene.key].alt : kind.alt;
    }
    const subjects = this.subjects();
    if (picture.kind !== 'picture') return fill(templates.kindOf, { kind: kind.alt, object: this.subjects('object') });
    if (this.scene.onWhite) return fill(templates.onWhite, { subject: subjects });
    if (picture.scene)
      return fill(templates.inScene, { subject: subjects, setting: this.pack.scenes[picture.scene.key].setting });
    return subjects;
  }

  /** Main subjects in running text: "a cat on a sofa", "two people with a ball and a dog". */
  private subjects(role: Role = 'subject'): string {
    const [first, second, ...rest] = this.scene.groups.slice(0, COMPOSE_SETTINGS.describedSubjects);
    const main = this.pair(first, second, role);
    if (rest.length === 0) return main;
    return fill(this.pack.templates.with, {
      subject: main,
      object: joinList(
        rest.map((g) => this.phrase(g, 'object')),
        this.pack.templates.and,
      ),
    });
  }

  private pair(first: SubjectGroup, second: SubjectGroup | undefined, role: Role): string {
    const subject = this.phrase(first, role);
    if (!second) return subject;
    const object = this.phrase(second, 'object');
    if (restsOn(first, second)) return fill(this.pack.templates.on, { subject, object });
    // Furniture or a vehicle beside the subject is not something it is "with".
    if (SUPPORTS.has(second.key))
      return joinList([subject, this.phrase(second, role === 'title' ? 'subject' : role)], this.pack.templates.and);
    return fill(this.pack.templates.with, { subject, object });
  }

  private phrase(group: SubjectGroup, role: Role): string {
    if (group.kind === 'imagenet' && group.count > 1 && group.countable)
      return this.phrase({ ...group, kind: 'noun', key: group.countable }, role);
    const noun: NounForms =
      group.kind === 'imagenet'
        ? this.imagenetNoun(group.key)
        : (this.pack.nouns[group.key] ?? { one: group.key, other: group.key });
    return countedNoun(this.language, this.pack, noun, group.count, role);
  }

  /** An ImageNet class as a noun with its gender and number, so that it takes the right article ("eine Waage", "des jumelles"). */
  private imagenetNoun(label: string): NounForms {
    const name = this.pack.imagenet[label] ?? label;
    return {
      one: name,
      other: name,
      gender: this.pack.imagenetFeminine.has(label) ? 'f' : undefined,
      pluralOnly: this.pack.imagenetPluralOnly.has(label),
    };
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
