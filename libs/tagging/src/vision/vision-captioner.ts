import type { TaggingResult } from '@tagphoto/contracts';
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
} from 'cockatiel';
import sharp from 'sharp';
import type { ComposeOptions } from '../compose/composer';
import type { DecodedImage } from '../decode/decoded-image';
import type { Signals } from '../signals';
import { findingsOf, judgeAnswer, mergeSuggestion, withReviewReason } from './merge';
import { Semaphore } from './semaphore';
import { VisionAnswerError, VisionBackendError, type VisionProvider, type VisionRequest } from './vision-provider';

export interface VisionSettings {
  /** Longest side of the JPEG sent to the model. */
  longSide: number;
  /** Time one call may take, and the longest an image waits for a free call slot. */
  timeoutMs: number;
  /** Calls in flight at once (per worker process); images beyond it wait, or go built-in only after `timeoutMs`. */
  concurrency: number;
  /** Further tries after a 5xx, 429, timeout or dropped connection, with exponential backoff from `backoffMs`. */
  retries: number;
  backoffMs: number;
  /** Consecutive failed captions that open the circuit: the built-in engine then serves alone… */
  failureThreshold: number;
  /** …until, this long after opening, one probe call succeeds. */
  coolDownMs: number;
  /** Told when the circuit opens, with the last failure (status or transport error): the hub logs it. */
  onOpen?: (lastFailure: string) => void;
}

export const DEFAULT_VISION_SETTINGS: VisionSettings = {
  longSide: 768,
  timeoutMs: 30_000,
  concurrency: 2,
  retries: 1,
  backoffMs: 500,
  failureThreshold: 5,
  coolDownMs: 30_000,
};

/** The backend's state for /health: no URL, no key, nothing an image contained. */
export interface VisionState {
  model: string;
  circuit: 'closed' | 'open' | 'half-open';
  inFlight: number;
  waiting: number;
  /** Why the last call failed (status or transport error), and when the circuit last opened. */
  lastFailure?: string;
  openedAt?: string;
}

const CIRCUIT_NAMES: Record<CircuitState, VisionState['circuit']> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/**
 * Asks the operator's vision model for a caption and merges it into the built-in result, or keeps the built-in
 * result with a review reason when the model fails, is slow, is paused by the circuit breaker, or answers
 * something invalid or contradictory. Never throws for the backend's sake: the built-in result always stands.
 */
export class VisionCaptioner {
  private readonly settings: VisionSettings;
  private readonly slots: Semaphore;
  private readonly breaker;
  private readonly retrying;
  private readonly perCall;
  private lastFailure?: string;
  private openedAt?: Date;

  constructor(
    private readonly provider: VisionProvider,
    settings: Partial<VisionSettings> = {},
  ) {
    this.settings = { ...DEFAULT_VISION_SETTINGS, ...settings };
    this.slots = new Semaphore(this.settings.concurrency);
    const backendFailure = handleWhen((error) => error instanceof VisionBackendError);
    this.breaker = circuitBreaker(backendFailure, {
      halfOpenAfter: this.settings.coolDownMs,
      breaker: new ConsecutiveBreaker(this.settings.failureThreshold),
    });
    this.breaker.onBreak(() => {
      this.openedAt = new Date();
      this.settings.onOpen?.(this.lastFailure ?? 'unknown');
    });
    this.retrying = retry(
      handleWhen((error) => error instanceof VisionBackendError && error.transient),
      {
        maxAttempts: this.settings.retries,
        backoff: new ExponentialBackoff({ initialDelay: this.settings.backoffMs }),
      },
    );
    this.perCall = timeout(this.settings.timeoutMs, TimeoutStrategy.Aggressive);
  }

  get model(): string {
    return this.provider.model;
  }

  state(): VisionState {
    return {
      model: this.provider.model,
      circuit: CIRCUIT_NAMES[this.breaker.state],
      ...this.slots.load(),
      ...(this.lastFailure && { lastFailure: this.lastFailure }),
      ...(this.openedAt && { openedAt: this.openedAt.toISOString() }),
    };
  }

  async caption(
    builtIn: TaggingResult,
    image: DecodedImage,
    signals: Signals,
    options: ComposeOptions,
  ): Promise<TaggingResult> {
    if (this.cooling()) return withReviewReason(builtIn, 'vision backend unavailable');
    const request: VisionRequest = {
      jpeg: await this.jpegOf(image),
      findings: findingsOf(builtIn, signals, options),
      language: builtIn.language,
    };
    const release = await this.slots.acquire(this.settings.timeoutMs);
    if (!release) return withReviewReason(builtIn, 'vision backend unavailable');
    let answer: string;
    try {
      answer = await this.breaker.execute(() => this.retrying.execute(() => this.call(request)));
    } catch (error) {
      if (error instanceof VisionAnswerError) return withReviewReason(builtIn, 'vision answer invalid');
      if (!(error instanceof VisionBackendError || error instanceof BrokenCircuitError)) throw error;
      return withReviewReason(builtIn, 'vision backend unavailable');
    } finally {
      release();
    }
    const verdict = judgeAnswer(answer, signals, builtIn.language);
    return 'suggestion' in verdict
      ? mergeSuggestion(builtIn, verdict.suggestion, this.provider.model, options)
      : withReviewReason(builtIn, verdict.reason);
  }

  /** Open and still cooling down: fail fast, before encoding the picture or waiting for a slot. */
  private cooling(): boolean {
    return (
      this.breaker.state === CircuitState.Open &&
      this.openedAt !== undefined &&
      Date.now() - this.openedAt.getTime() < this.settings.coolDownMs
    );
  }

  private async call(request: VisionRequest): Promise<string> {
    try {
      return await this.perCall.execute(({ signal }) => this.provider.suggest(request, signal));
    } catch (error) {
      const failure =
        error instanceof TaskCancelledError
          ? new VisionBackendError(`the vision server did not answer within ${this.settings.timeoutMs} ms`, true)
          : error;
      // Recorded before the breaker counts it, so that `onOpen` names the failure that opened the circuit.
      if (failure instanceof VisionBackendError) this.lastFailure = failure.message;
      throw failure;
    }
  }

  /** The picture as the model sees it: orientation applied, long side bounded, JPEG. */
  private async jpegOf(image: DecodedImage): Promise<Buffer> {
    const pixels = await image.highRes(this.settings.longSide);
    return sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer();
  }
}
