import { MasterKey, open, seal } from '@tagphoto/privacy';

/** Seals small records (tagging results, later OAuth tokens and webhook secrets) the way blobs are sealed. */
export class Vault {
  constructor(
    private readonly current: MasterKey,
    private readonly previous: readonly MasterKey[],
  ) {}

  get keyId(): string {
    return this.current.id;
  }

  sealJson(value: unknown): Uint8Array<ArrayBuffer> {
    const sealed = seal(Buffer.from(JSON.stringify(value), 'utf8'), this.current);
    return new Uint8Array(sealed);
  }

  openJson<T>(sealed: Uint8Array): T {
    return JSON.parse(open(Buffer.from(sealed), [this.current, ...this.previous]).toString('utf8')) as T;
  }
}
