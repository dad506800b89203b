import { Injectable, Logger } from '@nestjs/common';
import type { ImageView } from '@tagphoto/contracts';

/** `finishedAt` names the outcome: an outcome announced again (a retried job, recovery) is the same event. */
export interface ImageEventMap {
  'image.tagged': { ownerId: string; image: ImageView; finishedAt: Date };
  'image.failed': { ownerId: string; image: ImageView; finishedAt: Date };
  'image.deleted': { ownerId: string; imageId: string };
  /** A person changed result fields (PATCH /v1/images/:id): connectors publish the change where the image came from. */
  'image.edited': { ownerId: string; imageId: string; fields: string[] };
}
export type ImageEventType = keyof ImageEventMap;
export const IMAGE_EVENT_TYPES: readonly ImageEventType[] = ['image.tagged', 'image.failed', 'image.deleted', 'image.edited'];

type Listener<T extends ImageEventType> = (event: ImageEventMap[T]) => Promise<void>;

/**
 * What happened to an image, for whoever follows along (outgoing webhooks). Listeners run after the fact and
 * their failures are logged, never thrown back into tagging.
 */
@Injectable()
export class ImageEvents {
  private readonly logger = new Logger('image-events');
  private readonly listeners = new Map<ImageEventType, Array<Listener<ImageEventType>>>();

  on<T extends ImageEventType>(type: T, listener: Listener<T>): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener as Listener<ImageEventType>]);
  }

  async emit<T extends ImageEventType>(type: T, event: ImageEventMap[T]): Promise<void> {
    for (const listener of this.listeners.get(type) ?? []) {
      await listener(event).catch((error: Error) => this.logger.error(`${type} listener failed: ${error.message}`));
    }
  }
}
