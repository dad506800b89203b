import { Logger, Module } from '@nestjs/common';
import type { VisionBackendNotice } from '@tagphoto/contracts';
import { OllamaVisionProvider, OpenAiVisionProvider, VisionCaptioner } from '@tagphoto/tagging';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { checkVisionTarget, operatorNetworkLookup } from './vision-gate';

/** The operator's vision backend, when configured: the captioner the engine uses, and what owners are told about it. */
export interface VisionBackend {
  captioner: VisionCaptioner;
  notice: VisionBackendNotice;
}

export const VISION_BACKEND = Symbol('VISION_BACKEND');

/** Opens the configured vision backend after the privacy gate, or null when none is configured. */
export async function openVisionBackend(
  config: HubConfig,
  logger = new Logger('vision'),
): Promise<VisionBackend | null> {
  const url = config.TAGPHOTO_VISION_URL;
  if (!url) return null;
  const target = await checkVisionTarget(url, config.TAGPHOTO_VISION_ALLOW_PUBLIC);
  if (target.public) {
    logger.warn(
      `TAGPHOTO_VISION_ALLOW_PUBLIC=true: images are sent to ${target.host}, a public address outside your network, for captions. ` +
        'Every owner is told so on their privacy page and can choose built-in models only.',
    );
  }
  const server = {
    url,
    model: config.TAGPHOTO_VISION_MODEL!,
    apiKey: config.TAGPHOTO_VISION_API_KEY,
    // With the override the operator chose a public host; without it, every connection is checked again.
    lookup: target.public ? undefined : operatorNetworkLookup(),
  };
  const provider =
    config.TAGPHOTO_VISION_API === 'openai' ? new OpenAiVisionProvider(server) : new OllamaVisionProvider(server);
  const captioner = new VisionCaptioner(provider, {
    timeoutMs: config.TAGPHOTO_VISION_TIMEOUT_MS,
    concurrency: config.TAGPHOTO_VISION_CONCURRENCY,
    longSide: config.TAGPHOTO_VISION_LONG_SIDE,
    onOpen: (failure) =>
      logger.warn(`The vision backend keeps failing (${failure}): built-in captions only until a probe succeeds.`),
  });
  const notice: VisionBackendNotice = target.public
    ? {
        public: true,
        host: target.host,
        notice: `Images are sent to ${target.host} for captions, outside this service's network.`,
      }
    : {
        public: false,
        host: null,
        notice: 'Captions are written by a vision model the operator runs on its own network; images do not leave it.',
      };
  return { captioner, notice };
}

/** Checks the privacy gate once at start (a refused URL stops the hub); tagging, privacy and health import it. */
@Module({
  providers: [{ provide: VISION_BACKEND, inject: [HUB_CONFIG], useFactory: openVisionBackend }],
  exports: [VISION_BACKEND],
})
export class VisionModule {}
