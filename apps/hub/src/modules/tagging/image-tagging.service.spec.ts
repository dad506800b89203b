import type { TaggingResult } from '@tagphoto/contracts';
import type { TaggingEngine } from '@tagphoto/tagging';
import type { HubConfig } from '../../config/config.schema';
import { FixedClock, mockClass } from '../../testing/mock-class';
import { ImageEvents } from '../images/image-events';
import { ImageRecords, type ImageWithResult } from '../images/image-records.service';
import { PrivacySettingsService } from '../privacy/privacy-settings.service';
import { RetentionService } from '../privacy/retention.service';
import { ImageTaggingService } from './image-tagging.service';

const NOW = new Date('2026-04-01T08:00:00Z');
const result = { models: { engine: '1.2.3' } } as unknown as TaggingResult;
const recorded: ImageWithResult = {
  id: 'img-1',
  ownerId: 'owner-1',
  source: 'upload',
  connector: null,
  externalId: null,
  fileName: 'a.jpg',
  mimeType: 'image/jpeg',
  byteSize: 3,
  sha256: 'x',
  blobKey: 'owner-1/img-1',
  stored: true,
  language: 'de',
  vision: true,
  status: 'done',
  attempts: 1,
  error: null,
  createdAt: NOW,
  finishedAt: NOW,
  announcedAt: null,
  expiresAt: null,
  result: null,
  editedFields: [],
};

function setup() {
  const images = mockClass(ImageRecords);
  const retention = mockClass(RetentionService);
  const privacy = mockClass(PrivacySettingsService);
  const events = mockClass(ImageEvents);
  const engine = { analyze: jest.fn().mockResolvedValue(result) } as unknown as jest.Mocked<TaggingEngine>;
  const service = new ImageTaggingService(
    images,
    retention,
    privacy,
    events,
    new FixedClock(NOW),
    engine,
    {} as HubConfig,
  );
  images.get.mockResolvedValue(recorded);
  privacy.builtInModelsOnly.mockResolvedValue(false);
  return { service, images, retention, privacy, events, engine };
}

describe('ImageTaggingService.tag', () => {
  it('lets the vision backend see the image only when the request and the owner both allow it', async () => {
    const { service, privacy, engine } = setup();
    await service.tag('owner-1', recorded, Buffer.from('abc'));
    expect(engine.analyze).toHaveBeenLastCalledWith(Buffer.from('abc'), {
      language: 'de',
      vocabulary: undefined,
      vision: true,
    });

    privacy.builtInModelsOnly.mockResolvedValue(true);
    await service.tag('owner-1', recorded, Buffer.from('abc'));
    expect(engine.analyze).toHaveBeenLastCalledWith(Buffer.from('abc'), expect.objectContaining({ vision: false }));

    privacy.builtInModelsOnly.mockResolvedValue(false);
    await service.tag('owner-1', { ...recorded, vision: false }, Buffer.from('abc'));
    expect(engine.analyze).toHaveBeenLastCalledWith(Buffer.from('abc'), expect.objectContaining({ vision: false }));
  });

  it('records the result, applies retention, then announces and marks the announcement, in that order', async () => {
    const { service, images, retention, events } = setup();
    const order: string[] = [];
    images.markDone.mockImplementation(async () => void order.push('markDone'));
    retention.afterTagging.mockImplementation(async () => void order.push('retention'));
    events.emit.mockImplementation(async () => void order.push('emit'));
    images.markAnnounced.mockImplementation(async () => void order.push('markAnnounced'));
    await service.tag('owner-1', recorded, Buffer.from('abc'));
    expect(order).toEqual(['markDone', 'retention', 'emit', 'markAnnounced']);
    expect(images.markDone).toHaveBeenCalledWith('owner-1', 'img-1', result, '1.2.3', NOW);
    expect(events.emit).toHaveBeenCalledWith(
      'image.tagged',
      expect.objectContaining({ ownerId: 'owner-1', finishedAt: NOW }),
    );
  });

  it('announces nothing when the image is gone by the time it is recorded (deleted meanwhile)', async () => {
    const { service, images, events } = setup();
    images.get.mockResolvedValue(undefined);
    await service.tag('owner-1', recorded, Buffer.from('abc'));
    expect(events.emit).not.toHaveBeenCalled();
    expect(images.markAnnounced).not.toHaveBeenCalled();
  });
});

describe('ImageTaggingService.fail and announce', () => {
  it('records a failure and announces image.failed', async () => {
    const { service, images, events } = setup();
    await service.fail('owner-1', recorded, 'corrupt image');
    expect(images.markFailed).toHaveBeenCalledWith('owner-1', 'img-1', 'corrupt image', NOW);
    expect(events.emit).toHaveBeenCalledWith('image.failed', expect.anything());
  });

  it('announces an owed outcome with the event its status names', async () => {
    const { service, events } = setup();
    await service.announce('owner-1', { ...recorded, status: 'failed' });
    expect(events.emit).toHaveBeenLastCalledWith('image.failed', expect.anything());
    await service.announce('owner-1', { ...recorded, status: 'done' });
    expect(events.emit).toHaveBeenLastCalledWith('image.tagged', expect.anything());
  });
});
