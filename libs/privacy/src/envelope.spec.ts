import { randomBytes } from 'node:crypto';
import { DecryptionError, masterKeyFrom, open, seal } from './envelope';

const jpegLike = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF result: a cat on a sofa')]);

describe('envelope encryption', () => {
  const master = masterKeyFrom(randomBytes(32));

  it('round-trips bytes', () => {
    expect(open(seal(jpegLike, master), [master])).toEqual(jpegLike);
  });

  it('leaves no plaintext and no JPEG signature in the sealed bytes', () => {
    const sealed = seal(jpegLike, master);
    expect(sealed.includes(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    expect(sealed.includes(Buffer.from('a cat on a sofa'))).toBe(false);
  });

  it('uses a fresh data key per object, so equal plaintexts seal differently', () => {
    expect(seal(jpegLike, master).equals(seal(jpegLike, master))).toBe(false);
  });

  it('fails loudly when any single byte is altered', () => {
    const sealed = seal(jpegLike, master);
    for (const position of [5, 30, 60, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[position] = tampered[position]! ^ 0x01;
      expect(() => open(tampered, [master])).toThrow(DecryptionError);
    }
  });

  it('names the missing master key when the object was sealed with another one', () => {
    const other = masterKeyFrom(randomBytes(32));
    expect(() => open(seal(jpegLike, other), [master])).toThrow(other.id);
  });

  it('opens objects sealed with a previous master key after rotation', () => {
    const previous = masterKeyFrom(randomBytes(32));
    expect(open(seal(jpegLike, previous), [master, previous])).toEqual(jpegLike);
  });

  it('refuses master keys of the wrong length', () => {
    expect(() => masterKeyFrom(randomBytes(16))).toThrow('32 bytes');
  });
});
