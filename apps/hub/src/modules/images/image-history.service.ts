import { Injectable } from '@nestjs/common';
import type { ImageHistoryEntry } from '@tagphoto/contracts';
import { ImageHistoryRepository, type NewHistoryEntry } from './image-history.repository';

export type { NewHistoryEntry } from './image-history.repository';

/**
 * The images module's port for an image's history: what the review module records when a person decides in the
 * review queue and when a result is written back to a connected service. Tagging and edits are recorded by the
 * image repository itself, in the transaction that stores the result.
 */
@Injectable()
export class ImageHistory {
  constructor(private readonly history: ImageHistoryRepository) {}

  /** Adds an event; nothing when the image is not the owner's or is gone. */
  record(ownerId: string, imageId: string, entry: NewHistoryEntry): Promise<void> {
    return this.history.add(ownerId, imageId, entry);
  }

  /** The image's latest events, oldest first. */
  list(ownerId: string, imageId: string): Promise<ImageHistoryEntry[]> {
    return this.history.list(ownerId, imageId);
  }

  /** Every event of the owner's images (for the account export). */
  listAll(ownerId: string): Promise<Array<ImageHistoryEntry & { imageId: string }>> {
    return this.history.listAll(ownerId);
  }
}
