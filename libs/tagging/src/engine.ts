import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FieldSources, TaggingResult } from '@tagphoto/contracts';
import sharp from 'sharp';
import { type AnalyzerSet, defaultAnalyzers, type SignalOf } from './analyzers/default-analyzers';
import { measureAppearance } from './analyzers/appearance';
import { readMetadata } from './analyzers/metadata.analyzer';
import { compose } from './compose/composer';
import { type DecodedPhoto, type DecodeLimits, decodeImage } from './decode/decode';
import type { DecodedImage } from './decode/decoded-image';
import { ModelMissingError } from './errors';
import { MODELS } from './models/manifest';
import { ModelStore } from './models/model-store';
import { OnnxModelSessions } from './models/onnx-sessions';
import { ANALYZER_NAMES, type AnalyzeOptions } from './options';
import type { AnalyzerName, Signals } from './signals';
import type { VisionCaptioner, VisionState } from './vision/vision-captioner';

export interface EngineConfig {
  /** Folder with optional model packs (default env TAGPHOTO_MODEL_DIR, else `<cacheDir>/models`). */
  modelDir?: string;
  /** Folder with converted models (default env TAGPHOTO_CACHE_DIR, else `<repo root>/.cache`). */
  cacheDir?: string;
  /** onnxruntime intra-op threads per session; default the number of cores. */
  threads?: number;
  limits?: Partial<DecodeLimits>;
  /** Replace the analyzers, e.g. with differently configured ones. */
  analyzers?: Partial<AnalyzerSet>;
  /** The operator's vision model, asked for captions after the built-in analysis (see vision/). */
  vision?: VisionCaptioner;
}

/** Results the built-in models wrote alone. */
const BUILT_IN_SOURCES: FieldSources = {
  title: 'built-in',
  description: 'built-in',
  altText: 'built-in',
  tags: 'built-in',
};

export interface MissingPack {
  id: string;
  /** Where the file was looked for. */
  path: string;
  /** What results lack without it. */
  withoutIt: string;
}

/** Version of this library, reported as `models.engine`; package.json sits beside src/ and dist/. */
export const ENGINE_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;

/**
 * Order analyzers start in, which is the order their inputs are resampled and their models queued on the
 * inference thread: smallest inputs first, so the first model starts within milliseconds of decoding and
 * CenterNet's 512×512 input, the slowest to prepare, is resampled while the classifiers run.
 */
const RUN_ORDER: readonly AnalyzerName[] = ['faces', 'safety', 'labels', 'objects', 'colors', 'text'];

/**
 * Tags images with local models: decode once, run the analyzers concurrently, compose the result.
 * One engine serves any number of concurrent `analyze` calls; model sessions are shared.
 */
export class TaggingEngine {
  private constructor(
    private readonly sessions: OnnxModelSessions,
    private readonly analyzers: AnalyzerSet,
    private readonly available: ReadonlySet<string>,
    private readonly limits: Partial<DecodeLimits>,
    private readonly absentPacks: readonly MissingPack[],
    private readonly vision: VisionCaptioner | undefined,
  ) {}

  /** Checks every model file once (sha256); a missing required model fails here, not on the first image. */
  static async create(config: EngineConfig = {}): Promise<TaggingEngine> {
    const store = new ModelStore(MODELS, { modelDir: config.modelDir, cacheDir: config.cacheDir });
    const status = await store.status();
    const missingRequired = status.find((model) => !model.present && !model.optional);
    if (missingRequired) throw new ModelMissingError(missingRequired.id, missingRequired.path);
    const available = new Set(status.filter((model) => model.present).map((model) => model.id));
    const sessions = new OnnxModelSessions(store, { intraOpNumThreads: config.threads });
    // Every upload is decoded once, so libvips' operation cache only holds pixels (some 60 MB) it never reuses.
    sharp.cache(false);
    const absentPacks = status
      .filter((model) => !model.present)
      .map((model) => ({
        id: model.id,
        path: model.path,
        withoutIt: store.entry(model.id).withoutIt ?? 'results are less complete',
      }));
    return new TaggingEngine(
      sessions,
      { ...defaultAnalyzers(), ...config.analyzers },
      available,
      config.limits ?? {},
      absentPacks,
      config.vision,
    );
  }

  /** Optional model packs that were not found at start: the engine runs without them, with poorer results. */
  missingPacks(): readonly MissingPack[] {
    return this.absentPacks;
  }

  /** Analyzers that can run: all their models are present. */
  availableAnalyzers(): AnalyzerName[] {
    return ANALYZER_NAMES.filter((name) => this.isAvailable(name));
  }

  private isAvailable(name: AnalyzerName): boolean {
    return this.analyzers[name].models.every((id) => this.available.has(id));
  }

  /** The built-in analysis, then (when configured and not declined) the vision model's caption merged in. */
  async analyze(bytes: Buffer, options: AnalyzeOptions = {}): Promise<TaggingResult> {
    const { analyzers: requested, vision = true, ...composeOptions } = options;
    const image = await decodeImage(bytes, this.limits);
    const { signals, ran } = await this.measure(image, requested);
    const builtIn = { ...compose(signals, composeOptions), sources: BUILT_IN_SOURCES, models: this.modelVersions(ran) };
    return this.vision && vision ? this.vision.caption(builtIn, image, signals, composeOptions) : builtIn;
  }

  /** The vision backend's state (circuit, calls in flight), or undefined when none is configured. */
  visionState(): VisionState | undefined {
    return this.vision?.state();
  }

  /** What the analyzers measured, before composing: for evaluations that tune the composer. */
  async signals(
    bytes: Buffer,
    requested?: readonly AnalyzerName[],
  ): Promise<{ signals: Signals; ran: AnalyzerName[] }> {
    return this.measure(await decodeImage(bytes, this.limits), requested);
  }

  private async measure(
    image: DecodedPhoto,
    requested?: readonly AnalyzerName[],
  ): Promise<{ signals: Signals; ran: AnalyzerName[] }> {
    const ran = RUN_ORDER.filter((name) => this.isAvailable(name) && (!requested || requested.includes(name)));
    const signals: Signals = { metadata: readMetadata(image), appearance: measureAppearance(image.working) };
    await Promise.all(ran.map((name) => this.runInto(signals, name, image)));
    return { signals, ran };
  }

  /** onnxruntime sessions created so far (model ids). */
  loadedModels(): string[] {
    return this.sessions.loaded();
  }

  /** The sessions this engine uses, for benchmarks that time model runs alone. */
  modelSessions(): OnnxModelSessions {
    return this.sessions;
  }

  async close(): Promise<void> {
    await this.sessions.close();
  }

  private async runInto<K extends AnalyzerName>(signals: Signals, name: K, image: DecodedImage): Promise<void> {
    const analyzer = this.analyzers[name];
    (signals as { [P in K]?: SignalOf<P> })[name] = await analyzer.analyze(image, this.sessions);
  }

  private modelVersions(ran: readonly AnalyzerName[]): Record<string, string> {
    const versions: Record<string, string> = { engine: ENGINE_VERSION };
    for (const name of ran) {
      for (const id of this.analyzers[name].models) versions[id] = this.sessions.version(id);
    }
    return versions;
  }
}
