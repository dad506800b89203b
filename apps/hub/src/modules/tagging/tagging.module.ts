import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TaggingEngine } from '@tagphoto/tagging';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { ImagesModule } from '../images/images.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { PrivacySettingsModule } from '../privacy/privacy-settings.module';
import { ImageRecovery } from './image-recovery';
import { ImageTaggingService } from './image-tagging.service';
import { TagImageProcessor } from './tag-image.processor';
import { TAGGING_ENGINE } from './tagging-engine.token';
import { VISION_BACKEND, type VisionBackend, VisionModule } from '../vision/vision.module';

/** The worker side of images: the engine (models load lazily, on the first image, with the vision backend if one is configured) and the tag-image job. */
@Module({
  imports: [ImagesModule, PrivacyModule, PrivacySettingsModule, VisionModule],
  providers: [
    {
      provide: TAGGING_ENGINE,
      inject: [HUB_CONFIG, VISION_BACKEND],
      useFactory: (config: HubConfig, vision: VisionBackend | null): Promise<TaggingEngine> =>
        TaggingEngine.create({
          modelDir: config.TAGPHOTO_MODEL_DIR,
          cacheDir: config.TAGPHOTO_CACHE_DIR,
          threads: config.TAGPHOTO_ENGINE_THREADS,
          limits: { maxInputPixels: config.TAGPHOTO_MAX_PIXELS, maxInputBytes: config.TAGPHOTO_MAX_UPLOAD_BYTES },
          vision: vision?.captioner,
        }),
    },
    TagImageProcessor,
    ImageTaggingService,
    ImageRecovery,
  ],
  exports: [ImageTaggingService],
})
export class TaggingModule implements OnApplicationShutdown {
  constructor(@Inject(TAGGING_ENGINE) private readonly engine: TaggingEngine) {}

  async onApplicationShutdown(): Promise<void> {
    await this.engine.close();
  }
}
