import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ImagesModule } from '../images/images.module';
import { ReviewModule } from '../review/review.module';
import { ImageBulkController } from './image-bulk.controller';
import { ImageBulkService } from './image-bulk.service';

/** Bulk operations on the owner's images (POST /v1/images/bulk): beside images and review, as it uses both. */
@Module({
  imports: [AuthModule, ImagesModule, ReviewModule],
  controllers: [ImageBulkController],
  providers: [ImageBulkService],
})
export class ImageBulkModule {}
