import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { HUB_CONFIG } from '../../config/config.module';
import type { HubConfig } from '../../config/config.schema';
import { AuthModule } from '../auth/auth.module';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { ImageEvents } from './image-events';
import { ImageHistory } from './image-history.service';
import { ImageHistoryRepository } from './image-history.repository';
import { ImageIdempotency } from './image-idempotency.service';
import { ImageCallbackOutbox } from './image-callback-outbox.service';
import { ImageCallbackRepository } from './image-callback.repository';
import { ImageOrigins } from './image-origins';
import { ImageRecords } from './image-records.service';
import { ImageRepository } from './image.repository';
import { ImageRetention } from './image-retention.service';
import { ImageReviewStates } from './image-review-states';
import { SearchTermHasher } from './image-search-terms';
import { ImageSearchRepository } from './image-search.repository';
import { ImageSearchIndex } from './image-search-index.service';
import { ImagesController } from './images.controller';
import { ImagesService } from './images.service';
import { OwnerUploadAdmission, ProcessUploadAdmission, UploadAdmission } from './upload-admission';
import { UploadSpool } from './upload-spool';

@Module({
  imports: [
    AuthModule,
    MulterModule.registerAsync({
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig) => ({
        storage: new UploadSpool(config.TAGPHOTO_MAX_UPLOAD_BYTES),
        limits: { fileSize: config.TAGPHOTO_MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 },
      }),
    }),
  ],
  controllers: [ImagesController],
  providers: [
    ImagesService,
    ImageRepository,
    ImageRecords,
    ImageRetention,
    SearchTermHasher,
    ImageSearchRepository,
    ImageSearchIndex,
    ImageCallbackRepository,
    ImageCallbackOutbox,
    ImageEvents,
    ImageHistory,
    ImageHistoryRepository,
    ImageReviewStates,
    ImageOrigins,
    ImageIdempotency,
    IdempotencyKeyRepository,
    UploadAdmission,
    ProcessUploadAdmission,
    OwnerUploadAdmission,
  ],
  exports: [
    ImageSearchIndex,
    ImageRecords,
    ImageRetention,
    ImageCallbackOutbox,
    ImageEvents,
    ImageHistory,
    ImageOrigins,
    ImageReviewStates,
    ImagesService,
  ],
})
export class ImagesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ProcessUploadAdmission).forRoutes({ path: 'v1/images', method: RequestMethod.POST });
  }
}
