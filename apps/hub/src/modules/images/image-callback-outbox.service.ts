import { Injectable } from '@nestjs/common';
import { ImageCallbackRepository } from './image-callback.repository';

/**
 * The image → webhook hand-off, as a named port: POST /v1/images writes the requested callback with the image
 * (ImagesService), and the webhooks module reads it when the image's outcome is announced, turns it into a
 * delivery, then marks it handed off. A crash between the two hands it off again; the delivery is made once.
 */
@Injectable()
export class ImageCallbackOutbox {
  constructor(private readonly callbacks: ImageCallbackRepository) {}

  /** Where the image's outcome is to be POSTed, while that is not handed off yet. */
  pending(ownerId: string, imageId: string): Promise<string | undefined> {
    return this.callbacks.pending(ownerId, imageId);
  }

  markHandedOff(ownerId: string, imageId: string, at: Date): Promise<void> {
    return this.callbacks.markHandedOff(ownerId, imageId, at);
  }
}
