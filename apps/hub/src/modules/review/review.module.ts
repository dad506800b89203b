import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../../connectors/connections.module';
import { ImagesModule } from '../images/images.module';
import { HeldSuggestionRepository } from './held-suggestion.repository';
import { ImageReviewRepository } from './image-review.repository';
import { ReviewPublishers } from './review-publishers';
import { ReviewQueueService } from './review-queue.service';
import { ReviewService } from './review.service';

/**
 * Review before publish: held suggestions, the owner's review queue (it follows the engine's flag on every tagged
 * image, so it runs wherever tagging does), decisions, and publishing through the connector an image came from.
 */
@Module({
  imports: [ConnectionsModule, ImagesModule],
  providers: [HeldSuggestionRepository, ImageReviewRepository, ReviewPublishers, ReviewService, ReviewQueueService],
  exports: [ReviewService, ReviewPublishers, ReviewQueueService],
})
export class ReviewModule {}
