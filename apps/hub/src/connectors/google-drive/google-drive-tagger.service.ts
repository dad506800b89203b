import { Injectable } from '@nestjs/common';
import type { GoogleDriveSettings } from '@tagphoto/contracts';
import { TaggingError } from '@tagphoto/tagging';
import type { drive_v3 } from 'googleapis';
import { Clock } from '../../common/clock';
import { ImageTaggingService } from '../../modules/tagging/image-tagging.service';
import { ConnectionRecord, ConnectionRepository } from '../connection.repository';
import { driveWriteBack } from './drive-description';

export type TagOutcome = 'tagged' | 'unchanged' | 'failed';

/**
 * Tags one Drive file: downloads its bytes (alt=media), tags them in memory (nothing is stored), writes the
 * description and appProperties back, and remembers the content checksum so the change our own update
 * causes — and any re-delivery — is recognised as unchanged.
 */
@Injectable()
export class GoogleDriveTagger {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly tagging: ImageTaggingService,
    private readonly clock: Clock,
  ) {}

  async tagFile(
    connection: ConnectionRecord,
    drive: drive_v3.Drive,
    settings: GoogleDriveSettings,
    file: drive_v3.Schema$File,
  ): Promise<TagOutcome> {
    const fileId = file.id!;
    const contentHash = file.md5Checksum ?? `${file.name}:${file.mimeType}`;
    const known = await this.connections.getItem(connection.ownerId, connection.id, fileId);
    if (known?.contentHash === contentHash) return 'unchanged';

    const media = await drive.files.get(
      { fileId, alt: 'media', supportsAllDrives: true },
      { responseType: 'arraybuffer' },
    );
    let tagged: Awaited<ReturnType<ImageTaggingService['tagInline']>>;
    try {
      tagged = await this.tagging.tagInline(connection.ownerId, Buffer.from(media.data as unknown as ArrayBuffer), {
        connector: connection.provider,
        language: settings.language,
        fileName: file.name ?? undefined,
        externalId: fileId,
      });
    } catch (error) {
      // A file that is not a usable image stays failed until its content changes; anything else is retried.
      if (!(error instanceof TaggingError)) throw error;
      await this.connections.setItem(connection.ownerId, connection.id, fileId, contentHash, null, this.clock.now());
      return 'failed';
    }
    const writeBack = driveWriteBack(file, tagged.imageId, tagged.result, settings);
    await drive.files.update({ fileId, supportsAllDrives: true, fields: 'id', requestBody: writeBack });
    await this.connections.setItem(
      connection.ownerId,
      connection.id,
      fileId,
      contentHash,
      tagged.imageId,
      this.clock.now(),
    );
    return 'tagged';
  }
}
