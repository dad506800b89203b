import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../../database/database.module';
import type { Database } from '../../database/database';

/** The outbox of requested callbacks (written with the image by ImageRepository.create), owner first. */
@Injectable()
export class ImageCallbackRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The callback URL asked for with the image, while it has not been handed off. */
  async pending(ownerId: string, imageId: string): Promise<string | undefined> {
    const row = await this.db.prisma.imageCallback.findFirst({
      where: { imageId, ownerId, handedOffAt: null },
      select: { callbackUrl: true },
    });
    return row?.callbackUrl;
  }

  async markHandedOff(ownerId: string, imageId: string, at: Date): Promise<void> {
    await this.db.prisma.imageCallback.updateMany({ where: { imageId, ownerId }, data: { handedOffAt: at } });
  }
}
