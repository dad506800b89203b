import { Injectable, OnModuleInit } from '@nestjs/common';
import { ReviewedResult, ReviewPublisher, ReviewPublishers } from '../../modules/review/review-publishers';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { driveWriteBack } from './drive-description';
import { GoogleDriveClient } from './google-drive.client';
import { PROVIDER, readSettings } from './google-drive.settings';

/**
 * Writes a person's edit of a Drive image (its alt text or tags, from the dashboard or the API) to the file, under
 * the rules of the first write-back: the tags and image id always, the description only while it is empty or still
 * the one the hub wrote (a description a person wrote in Drive stays theirs, unless the owner allows overwriting).
 */
@Injectable()
export class GoogleDriveReviewPublisher implements ReviewPublisher, OnModuleInit {
  readonly provider = PROVIDER;
  readonly publishes = ['altText', 'tags'] as const;

  constructor(
    private readonly publishers: ReviewPublishers,
    private readonly client: GoogleDriveClient,
    private readonly connections: ConnectionRepository,
  ) {}

  onModuleInit(): void {
    this.publishers.register(this);
  }

  async publish(connection: ConnectionRecord, fileId: string, reviewed: ReviewedResult): Promise<void> {
    if (connection.status !== 'active') return;
    const item = await this.connections.getItem(connection.ownerId, connection.id, fileId);
    if (!item?.imageId) return;
    const drive = await this.client.forConnection(connection);
    // Read now, not when the job was queued: a person may have written a description in Drive meanwhile.
    const file = await drive.files.get({ fileId, fields: 'id,description,appProperties', supportsAllDrives: true });
    const writeBack = driveWriteBack(file.data, item.imageId, reviewed, readSettings(connection.settings));
    await drive.files.update({ fileId, supportsAllDrives: true, fields: 'id', requestBody: writeBack });
  }
}
