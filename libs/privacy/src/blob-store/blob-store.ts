/** Where image bytes live. Drivers only ever see ciphertext: EncryptedBlobStore seals before writing. */
export interface BlobStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** Undefined when the blob does not exist. */
  get(key: string): Promise<Buffer | undefined>;
  /** Deleting a missing blob is not an error. */
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix` (`''` for all), in no particular order. */
  keys(prefix: string): AsyncIterable<string>;
  /** Deletes every blob whose key starts with `prefix`; afterwards `keys(prefix)` yields nothing. */
  deletePrefix(prefix: string): Promise<void>;
}
