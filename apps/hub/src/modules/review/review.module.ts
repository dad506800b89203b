import { Module } from '@nestjs/common';
import { ImagesModule } from '../images/images.module';
import { HeldSuggestionRepository } from './held-suggestion.repository';
import { ReviewPublishers } from './review-publishers';
import { ReviewService } from './review.service';

/** Review before publish: held suggestions, decisions, and publishing through the connector an image came from. */
@Module({
  imports: [ImagesModule],
  providers: [HeldSuggestionRepository, ReviewPublishers, ReviewService],
  exports: [ReviewService, ReviewPublishers, HeldSuggestionRepository],
})
export class ReviewModule {}
