import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { nextTurn, STEP_BYTES } from './in-steps';

/**
 * Envelope encryption with AES-256-GCM: every object gets a fresh random data key; the data key is wrapped by a
 * key-encryption key (the operator's master key) whose id is stored beside it, so old objects stay readable and
 * can be re-wrapped after a rotation without touching their ciphertext.
 *
 * Layout: "TPE1" | keyIdLength(1) | keyId | wrapIv(12) | wrapTag(16) | wrappedKey(32) | iv(12) | tag(16) | ciphertext
 */
const MAGIC = Buffer.from('TPE1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface MasterKey {
  id: string;
  key: Buffer;
}

export class DecryptionError extends Error {
  readonly code = 'decryption_failed';
}

/** A master key from 32 raw bytes; its id is derived from the key so it never needs configuring separately. */
export function masterKeyFrom(key: Buffer): MasterKey {
  if (key.length !== KEY_BYTES) throw new Error(`A master key must be ${KEY_BYTES} bytes (got ${key.length}).`);
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
}

export function seal(plaintext: Buffer, master: MasterKey): Buffer {
  const dataKey = randomBytes(KEY_BYTES);
  const [iv, ciphertext, tag] = encrypt(plaintext, dataKey, MAGIC);
  return frame(master, dataKey, iv, tag, ciphertext);
}

/**
 * The same envelope as `seal`, encrypted a megabyte at a time with the event loop free in between, straight into
 * the one buffer it returns. Sealing a large image in one call (or through WebCrypto, which copies its whole input
 * on the calling thread first) held the loop for tens of milliseconds per upload.
 */
export async function sealInSteps(plaintext: Buffer, master: MasterKey): Promise<Buffer> {
  const dataKey = randomBytes(KEY_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(MAGIC);
  const head = header(master, dataKey);
  const envelope = Buffer.allocUnsafe(head.length + IV_BYTES + TAG_BYTES + plaintext.length);
  head.copy(envelope);
  iv.copy(envelope, head.length);
  const tagAt = head.length + IV_BYTES;
  let written = tagAt + TAG_BYTES;
  for (let offset = 0; offset < plaintext.length; offset += STEP_BYTES) {
    if (offset > 0) await nextTurn();
    // GCM is a stream mode: each update yields exactly as many bytes as it was given.
    written += cipher.update(plaintext.subarray(offset, offset + STEP_BYTES)).copy(envelope, written);
  }
  cipher.final();
  cipher.getAuthTag().copy(envelope, tagAt);
  return envelope;
}

/**
 * `open`, decrypting a megabyte at a time with the event loop free in between. The plaintext is handed out only
 * after the authentication tag checked out.
 */
export async function openInSteps(envelope: Buffer, masters: readonly MasterKey[]): Promise<Buffer> {
  const parts = parse(envelope);
  const master = masterFor(parts.keyId, masters);
  const plaintext = Buffer.allocUnsafe(parts.ciphertext.length);
  try {
    const dataKey = decrypt(parts.wrappedKey, master.key, parts.wrapIv, parts.wrapTag, Buffer.from(parts.keyId));
    const decipher = createDecipheriv('aes-256-gcm', dataKey, parts.iv);
    decipher.setAAD(MAGIC);
    decipher.setAuthTag(parts.tag);
    let written = 0;
    for (let offset = 0; offset < parts.ciphertext.length; offset += STEP_BYTES) {
      if (offset > 0) await nextTurn();
      written += decipher.update(parts.ciphertext.subarray(offset, offset + STEP_BYTES)).copy(plaintext, written);
    }
    decipher.final();
  } catch {
    throw new DecryptionError('Encrypted data failed its integrity check: it was altered or is corrupt.');
  }
  return plaintext;
}

/** Wraps the data key with the master key and lays out the envelope around an encrypted payload. */
function frame(master: MasterKey, dataKey: Buffer, iv: Buffer, tag: Buffer, ciphertext: Buffer): Buffer {
  return Buffer.concat([header(master, dataKey), iv, tag, ciphertext]);
}

/** The envelope up to the payload's iv: magic, the master key's id and the data key wrapped under it. */
function header(master: MasterKey, dataKey: Buffer): Buffer {
  const [wrapIv, wrappedKey, wrapTag] = encrypt(dataKey, master.key, Buffer.from(master.id));
  const keyId = Buffer.from(master.id, 'utf8');
  return Buffer.concat([MAGIC, Buffer.from([keyId.length]), keyId, wrapIv, wrapTag, wrappedKey]);
}

/** Decrypts with whichever of the given master keys wrapped the object; any tampering fails loudly. */
export function open(envelope: Buffer, masters: readonly MasterKey[]): Buffer {
  const parts = parse(envelope);
  const master = masterFor(parts.keyId, masters);
  try {
    const dataKey = decrypt(parts.wrappedKey, master.key, parts.wrapIv, parts.wrapTag, Buffer.from(parts.keyId));
    return decrypt(parts.ciphertext, dataKey, parts.iv, parts.tag, MAGIC);
  } catch {
    throw new DecryptionError('Encrypted data failed its integrity check: it was altered or is corrupt.');
  }
}

/** The id of the master key that wrapped this object's data key. */
export function envelopeKeyId(envelope: Buffer): string {
  return parse(envelope).keyId;
}

/**
 * Re-wraps the data key under `next` after a master-key rotation. Only the 32-byte data key is decrypted:
 * the image's iv, tag and ciphertext are copied as they are. An object already under `next` comes back unchanged.
 */
export function rewrap(envelope: Buffer, masters: readonly MasterKey[], next: MasterKey): Buffer {
  const parts = parse(envelope);
  if (parts.keyId === next.id) return envelope;
  const master = masterFor(parts.keyId, masters);
  let dataKey: Buffer;
  try {
    dataKey = decrypt(parts.wrappedKey, master.key, parts.wrapIv, parts.wrapTag, Buffer.from(parts.keyId));
  } catch {
    throw new DecryptionError('The wrapped data key failed its integrity check: it was altered or is corrupt.');
  }
  return Buffer.concat([header(next, dataKey), parts.sealedData]);
}

interface EnvelopeParts {
  keyId: string;
  wrapIv: Buffer;
  wrapTag: Buffer;
  wrappedKey: Buffer;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
  /** iv | tag | ciphertext: the part a re-wrap never touches. */
  sealedData: Buffer;
}

function parse(envelope: Buffer): EnvelopeParts {
  if (envelope.length < MAGIC.length + 1 || !envelope.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new DecryptionError('Not a TagPhoto envelope (missing header).');
  }
  let offset = MAGIC.length;
  const keyIdLength = envelope[offset++];
  if (envelope.length < offset + keyIdLength + IV_BYTES + TAG_BYTES + KEY_BYTES + IV_BYTES + TAG_BYTES) {
    throw new DecryptionError('Encrypted data is truncated.');
  }
  const keyId = envelope.subarray(offset, (offset += keyIdLength)).toString('utf8');
  const wrapIv = envelope.subarray(offset, (offset += IV_BYTES));
  const wrapTag = envelope.subarray(offset, (offset += TAG_BYTES));
  const wrappedKey = envelope.subarray(offset, (offset += KEY_BYTES));
  const sealedData = envelope.subarray(offset);
  const iv = envelope.subarray(offset, (offset += IV_BYTES));
  const tag = envelope.subarray(offset, (offset += TAG_BYTES));
  return { keyId, wrapIv, wrapTag, wrappedKey, iv, tag, ciphertext: envelope.subarray(offset), sealedData };
}

function masterFor(keyId: string, masters: readonly MasterKey[]): MasterKey {
  const master = masters.find((candidate) => candidate.id === keyId);
  if (!master) throw new DecryptionError(`Encrypted with master key ${keyId}, which is not configured.`);
  return master;
}

function encrypt(plaintext: Buffer, key: Buffer, aad: Buffer): [Buffer, Buffer, Buffer] {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [iv, ciphertext, cipher.getAuthTag()];
}

function decrypt(ciphertext: Buffer, key: Buffer, iv: Buffer, tag: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}
