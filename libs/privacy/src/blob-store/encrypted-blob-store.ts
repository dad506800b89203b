import { MasterKey, openInSteps, sealInSteps } from '../envelope';
import type { BlobStore } from './blob-store';

/**
 * Seals every blob with envelope encryption before the driver sees it, and opens it on the way back; both in steps,
 * as blobs are images of many megabytes and the hub answers other requests meanwhile.
 */
export class EncryptedBlobStore implements BlobStore {
  constructor(
    private readonly driver: BlobStore,
    private readonly current: MasterKey,
    private readonly previous: readonly MasterKey[] = [],
  ) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    await this.driver.put(key, await sealInSteps(bytes, this.current));
  }

  async get(key: string): Promise<Buffer | undefined> {
    const sealed = await this.driver.get(key);
    return sealed && openInSteps(sealed, [this.current, ...this.previous]);
  }

  delete(key: string): Promise<void> {
    return this.driver.delete(key);
  }

  keys(prefix: string): AsyncIterable<string> {
    return this.driver.keys(prefix);
  }

  deletePrefix(prefix: string): Promise<void> {
    return this.driver.deletePrefix(prefix);
  }
}
