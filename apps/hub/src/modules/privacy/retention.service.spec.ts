import type { BlobStore, RetentionSetting } from '@tagphoto/privacy';
import { FixedClock, mockClass } from '../../testing/mock-class';
import { type ImageRecord, ImageRecords } from '../images/image-records.service';
import { ImageRetention } from '../images/image-retention.service';
import { UsageLog } from '../usage/usage-log.service';
import { PrivacySettingsRepository } from './privacy-settings.repository';
import { RetentionService } from './retention.service';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-02-10T00:00:00Z');
const settingsWith = (retention: RetentionSetting) => ({
  retention,
  analyticsOptOut: false,
  marketingOptOut: false,
  builtInModelsOnly: false,
});

function image(overrides: Partial<ImageRecord> = {}): ImageRecord {
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
    createdAt: new Date(NOW.getTime() - 10 * DAY),
    finishedAt: new Date(NOW.getTime() - 10 * DAY),
    announcedAt: null,
    expiresAt: NOW,
    ...overrides,
  };
}

function setup() {
  const images = mockClass(ImageRetention);
  const records = mockClass(ImageRecords);
  const settings = mockClass(PrivacySettingsRepository);
  const usage = mockClass(UsageLog);
  const blobs = { delete: jest.fn() } as unknown as jest.Mocked<BlobStore>;
  const service = new RetentionService(images, records, settings, usage, blobs, new FixedClock(NOW));
  usage.deleteExpired.mockResolvedValue(0);
  images.listExpired.mockResolvedValue([]);
  return { service, images, records, settings, usage, blobs };
}

describe('RetentionService.afterTagging', () => {
  it('deletes the bytes as soon as tagging ends when the owner keeps nothing', async () => {
    const { service, images, settings, blobs } = setup();
    settings.get.mockResolvedValue(settingsWith({ mode: 'delete_after_processing' }));
    await service.afterTagging('owner-1', { id: 'img-1', stored: true, blobKey: 'owner-1/img-1' }, NOW);
    expect(blobs.delete).toHaveBeenCalledWith('owner-1/img-1');
    expect(images.clearBlob).toHaveBeenCalledWith('owner-1', 'img-1');
    expect(images.setExpiry).toHaveBeenCalledWith('owner-1', 'img-1', null);
  });

  it('keeps the bytes and dates them under a day limit', async () => {
    const { service, images, settings, blobs } = setup();
    settings.get.mockResolvedValue(settingsWith({ mode: 'days', days: 2, deleteResults: false }));
    await service.afterTagging('owner-1', { id: 'img-1', stored: true, blobKey: 'owner-1/img-1' }, NOW);
    expect(blobs.delete).not.toHaveBeenCalled();
    expect(images.setExpiry).toHaveBeenCalledWith('owner-1', 'img-1', new Date(NOW.getTime() + 2 * DAY));
  });

  it('does nothing for an owner whose settings are gone (the account is being deleted)', async () => {
    const { service, images, settings, blobs } = setup();
    settings.get.mockResolvedValue(undefined);
    await service.afterTagging('owner-1', { id: 'img-1', stored: false, blobKey: 'owner-1/img-1' }, NOW);
    expect(blobs.delete).not.toHaveBeenCalled();
    expect(images.setExpiry).not.toHaveBeenCalled();
  });
});

describe('RetentionService.sweep', () => {
  it('deletes the image with its result when both are due', async () => {
    const { service, images, records, settings, blobs } = setup();
    images.listExpired.mockResolvedValueOnce([image()]);
    settings.get.mockResolvedValue(settingsWith({ mode: 'days', days: 7, deleteResults: true }));
    await expect(service.sweep()).resolves.toEqual({ images: 1, results: 1, usageRecords: 0 });
    expect(blobs.delete).toHaveBeenCalledWith('owner-1/img-1');
    expect(records.delete).toHaveBeenCalledWith('owner-1', 'img-1');
  });

  it('deletes only the bytes when the result is kept, and clears the expiry', async () => {
    const { service, images, records, settings, blobs } = setup();
    images.listExpired.mockResolvedValueOnce([image()]);
    settings.get.mockResolvedValue(settingsWith({ mode: 'days', days: 7, deleteResults: false }));
    await expect(service.sweep()).resolves.toEqual({ images: 1, results: 0, usageRecords: 0 });
    expect(blobs.delete).toHaveBeenCalledWith('owner-1/img-1');
    expect(records.delete).not.toHaveBeenCalled();
    expect(images.clearBlob).toHaveBeenCalledWith('owner-1', 'img-1');
    expect(images.setExpiry).toHaveBeenCalledWith('owner-1', 'img-1', null);
  });

  it('reads page after page until a short page, and expires usage records and idempotency keys', async () => {
    const { service, images, settings, usage } = setup();
    const full = Array.from({ length: 200 }, (_, i) => image({ id: `img-${i}`, blobKey: null }));
    images.listExpired.mockResolvedValueOnce(full).mockResolvedValueOnce([image({ id: 'last', blobKey: null })]);
    settings.get.mockResolvedValue(settingsWith({ mode: 'keep' }));
    usage.deleteExpired.mockResolvedValue(3);
    await expect(service.sweep()).resolves.toEqual({ images: 201, results: 0, usageRecords: 3 });
    expect(images.listExpired).toHaveBeenCalledTimes(2);
    expect(usage.deleteExpired).toHaveBeenCalledWith(NOW);
    expect(images.deleteExpiredIdempotencyKeys).toHaveBeenCalledWith(NOW);
  });
});
