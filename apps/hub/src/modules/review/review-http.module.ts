import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ReviewController } from './review.controller';
import { ReviewModule } from './review.module';

/** The owner's review queue as routes (/v1/review), where the hub serves HTTP. */
@Module({ imports: [AuthModule, ReviewModule], controllers: [ReviewController] })
export class ReviewHttpModule {}
