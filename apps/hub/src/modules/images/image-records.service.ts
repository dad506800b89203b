import { Injectable } from '@nestjs/common';
import type { EditableResultField, TaggingResult } from '@tagphoto/contracts';
import { ImageRecord, ImageRepository, ImageStatus, ImageWithResult, NewImage } from './image.repository';

export { isFinished } from './image.repository';
export type { ImageRecord, ImageStatus, ImageWithResult, NewImage } from './image.repository';

/**
 * The images module's port for the features that record and read an owner's images: tagging (the outcome of a
 * job), connectors (images made from their items), review and the account export. Owner first, like the table.
 */
@Injectable()
export class ImageRecords {
  constructor(private readonly images: ImageRepository) {}

  create(ownerId: string, image: NewImage): Promise<ImageRecord> {
    return this.images.create(ownerId, image);
  }

  get(ownerId: string, id: string): Promise<ImageWithResult | undefined> {
    return this.images.get(ownerId, id);
  }

  /** Newest first; the cursor is the last row of the previous page. */
  list(ownerId: string, limit: number, after?: { createdAt: Date; id: string }): Promise<ImageWithResult[]> {
    return this.images.list(ownerId, limit, after);
  }

  /** The newest finished image a connector made of an item, left by a worker that stopped before recording it. */
  findFinishedConnectorImage(
    ownerId: string,
    externalId: string,
    fileName: string,
  ): Promise<ImageWithResult | undefined> {
    return this.images.findFinishedConnectorImage(ownerId, externalId, fileName);
  }

  /** A person's edit of the result at `at` (see ImageRepository.editResult); undefined when there is no result. */
  editResult(
    ownerId: string,
    id: string,
    edit: (current: TaggingResult) => { result: TaggingResult; fields: EditableResultField[] },
    at: Date,
  ): Promise<ImageWithResult | undefined> {
    return this.images.editResult(ownerId, id, edit, at);
  }

  /** Deletes the row and its result (not the bytes); returns the row that was deleted. */
  delete(ownerId: string, id: string): Promise<ImageRecord | undefined> {
    return this.images.delete(ownerId, id);
  }

  /** Claims a queued (or interrupted) image for a try; false when it is finished or gone. */
  markProcessing(ownerId: string, id: string, attempt: number): Promise<boolean> {
    return this.images.markProcessing(ownerId, id, attempt);
  }

  markDone(ownerId: string, id: string, result: TaggingResult, engineVersion: string, finishedAt: Date): Promise<void> {
    return this.images.markDone(ownerId, id, result, engineVersion, finishedAt);
  }

  markFailed(ownerId: string, id: string, error: string, finishedAt: Date): Promise<void> {
    return this.images.markFailed(ownerId, id, error, finishedAt);
  }

  /** The event of the outcome recorded at `finishedAt` went out. */
  markAnnounced(ownerId: string, id: string, finishedAt: Date, now: Date): Promise<void> {
    return this.images.markAnnounced(ownerId, id, finishedAt, now);
  }

  /** Across owners, for recovery: images untouched since `before` that are unfinished, or finished but unannounced. */
  listUnsettled(before: Date): Promise<Array<{ id: string; ownerId: string; status: ImageStatus }>> {
    return this.images.listUnsettled(before);
  }
}
