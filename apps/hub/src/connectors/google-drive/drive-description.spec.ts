import {
  APP_PROPERTY,
  APP_PROPERTY_MAX_BYTES,
  composeDescription,
  descriptionFingerprint,
  driveWriteBack,
  tagsProperty,
} from './drive-description';

const result = {
  altText: 'A cat lying on a blanket.',
  tags: [
    { label: 'cat', confidence: 0.93, source: 'objects' as const },
    { label: 'blanket', confidence: 0.6, source: 'labels' as const },
  ],
};
const settings = { description: 'alt_text_and_tags' as const, overwriteDescriptions: false };

describe('Drive write-back', () => {
  it('writes alt text and tags into an empty description and remembers what it wrote', () => {
    const written = driveWriteBack({ description: '' }, 'image-1', result, settings);
    expect(written.description).toBe('A cat lying on a blanket.\n\nTags: cat, blanket');
    expect(written.appProperties).toEqual({
      [APP_PROPERTY.imageId]: 'image-1',
      [APP_PROPERTY.tags]: 'cat,blanket',
      [APP_PROPERTY.description]: descriptionFingerprint(written.description!),
    });
  });

  it('never overwrites a description a person wrote', () => {
    const written = driveWriteBack({ description: 'Our summer offsite, day two' }, 'image-1', result, settings);
    expect(written.description).toBeUndefined();
    expect(written.appProperties[APP_PROPERTY.tags]).toBe('cat,blanket');
  });

  it('replaces a description the hub wrote earlier', () => {
    const earlier = 'A dog.\n\nTags: dog';
    const file = {
      description: earlier,
      appProperties: { [APP_PROPERTY.description]: descriptionFingerprint(earlier) },
    };
    expect(driveWriteBack(file, 'image-2', result, settings).description).toBe(
      'A cat lying on a blanket.\n\nTags: cat, blanket',
    );
  });

  it('treats a hub description a person has since edited as theirs', () => {
    const file = {
      description: 'A dog, our Rex.',
      appProperties: { [APP_PROPERTY.description]: descriptionFingerprint('A dog.') },
    };
    expect(driveWriteBack(file, 'image-2', result, settings).description).toBeUndefined();
  });

  it("overwrites a person's description only when the owner allows it", () => {
    const written = driveWriteBack({ description: 'mine' }, 'image-3', result, {
      ...settings,
      overwriteDescriptions: true,
    });
    expect(written.description).toContain('A cat lying on a blanket.');
  });

  it('writes alt text alone, or no description at all, as the owner chose', () => {
    expect(composeDescription(result, 'alt_text')).toBe('A cat lying on a blanket.');
    expect(composeDescription(result, 'off')).toBeUndefined();
    expect(driveWriteBack({}, 'image-4', result, { ...settings, description: 'off' })).toEqual({
      appProperties: { [APP_PROPERTY.imageId]: 'image-4', [APP_PROPERTY.tags]: 'cat,blanket' },
    });
  });

  it("keeps the tags property within Drive's 124-byte limit, dropping whole labels", () => {
    const labels = Array.from({ length: 40 }, (_, i) => `Straßenbahn-${i}`);
    const value = tagsProperty(labels);
    expect(Buffer.byteLength(APP_PROPERTY.tags) + Buffer.byteLength(value)).toBeLessThanOrEqual(APP_PROPERTY_MAX_BYTES);
    expect(value.split(',')).toEqual(labels.slice(0, value.split(',').length));
    expect(value.split(',').length).toBeGreaterThan(3);
  });
});
