import type { ImageRecord } from '../modules/images/image-records.service';

/** An image row for service specs: owner-1's uploaded, stored JPEG, tagged at `at`; a spec sets what it is about. */
export function imageRecord(at: Date, fields: Partial<ImageRecord> = {}): ImageRecord {
  return {
    id: 'img-1',
    ownerId: 'owner-1',
    source: 'upload',
    connector: null,
    externalId: null,
    fileName: 'a.jpg',
    mimeType: 'image/jpeg',
    byteSize: 10,
    sha256: 'x',
    blobKey: 'owner-1/img-1',
    stored: true,
    language: 'en',
    vision: true,
    status: 'done',
    attempts: 1,
    error: null,
    createdAt: at,
    finishedAt: at,
    announcedAt: null,
    expiresAt: null,
    ...fields,
  };
}
