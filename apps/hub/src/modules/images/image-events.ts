import { Injectable, Logger } from '@nestjs/common';
import type { EditableResultField, ImageView, WebhookEventType } from '@tagphoto/contracts';

/** `finishedAt` names the outcome: an outcome announced again (a retried job, recovery) is the same event. */
interface ImageOutcomeEvent {
  ownerId: string;
  image: ImageView;
  finishedAt: Date;
}

/**
 * One image event per webhook event type (the list in @tagphoto/contracts), each with what it carries, and
 * image.edited, which no webhook announces: a person changed result fields (PATCH /v1/images/:id), and connectors
 * publish the change where the image came from.
 */
export type ImageEventMap = {
  [T in WebhookEventType]: T extends 'image.deleted' ? { ownerId: string; imageId: string } : ImageOutcomeEvent;
} & { 'image.edited': { ownerId: string; imageId: string; fields: EditableResultField[] } };
export type ImageEventType = keyof ImageEventMap;

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
