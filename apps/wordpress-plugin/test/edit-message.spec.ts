import { runPhp } from './php';

const FILE = ['class-tagphoto-edit-message.php'];
const IMAGE_ID = '3f2b8c1e-0d4a-4e5b-9c6d-7e8f9a0b1c2d';

const parse = (payload: unknown): unknown =>
  runPhp(FILE, `echo json_encode(TagPhoto_Edit_Message::parse($input));`, payload);
const isEdit = (payload: unknown): unknown =>
  runPhp(FILE, `echo json_encode(TagPhoto_Edit_Message::is_edit($input));`, payload);

describe('the hub’s image.edited message, as the plugin reads it', () => {
  it('tells an edit from the result of a tagging request', () => {
    expect(isEdit({ type: 'image.edited', data: {} })).toBe(true);
    expect(isEdit({ type: 'image.tagged', data: { image: {} } })).toBe(false);
    expect(isEdit('image.edited')).toBe(false);
  });

  it('reads the image id, the alt text and the tag labels', () => {
    expect(
      parse({
        type: 'image.edited',
        data: {
          imageId: IMAGE_ID.toUpperCase(),
          altText: '  A red bicycle by a wall ',
          altTextByPerson: true,
          tags: [{ label: 'bicycle' }],
        },
      }),
    ).toEqual({ imageId: IMAGE_ID, altText: 'A red bicycle by a wall', altTextByPerson: true, tags: ['bicycle'] });
    expect(
      parse({ type: 'image.edited', data: { imageId: IMAGE_ID, altText: 'A dog', altTextByPerson: false } }),
    ).toEqual({
      imageId: IMAGE_ID,
      altText: 'A dog',
      altTextByPerson: false,
      tags: [],
    });
  });

  it('names what is wrong with a message it cannot apply', () => {
    expect(parse({ type: 'image.edited' })).toBe('the edit carries no data object');
    expect(parse({ type: 'image.edited', data: { imageId: '1 OR 1=1', altText: 'x' } })).toBe(
      'data.imageId must be the hub image id (a UUID)',
    );
    expect(parse({ type: 'image.edited', data: { imageId: IMAGE_ID, altText: '   ' } })).toBe(
      'data.altText must be a non-empty string',
    );
    expect(parse({ type: 'image.edited', data: { imageId: IMAGE_ID, altText: 'x'.repeat(1001) } })).toBe(
      'data.altText is longer than 1000 bytes',
    );
    expect(parse({ type: 'image.edited', data: { imageId: IMAGE_ID, altText: 'x' } })).toBe(
      'data.altTextByPerson must be true or false',
    );
    expect(parse({ type: 'image.edited', data: { imageId: IMAGE_ID, altText: 'x', altTextByPerson: 'yes' } })).toBe(
      'data.altTextByPerson must be true or false',
    );
    expect(
      parse({ type: 'image.edited', data: { imageId: IMAGE_ID, altText: 'x', altTextByPerson: true, tags: 'dog' } }),
    ).toBe('data.tags must be a list of at most 100 tags');
    expect(
      parse({ type: 'image.edited', data: { imageId: IMAGE_ID, altText: 'x', altTextByPerson: true, tags: ['dog'] } }),
    ).toBe('each of data.tags must be an object with a label of at most 200 bytes');
  });
});
