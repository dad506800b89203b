import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { assertBlobKey, assertBlobPrefix } from './blob-key';
import type { BlobStore } from './blob-store';

export interface S3BlobStoreOptions {
  /** Omit for AWS itself; set for S3-compatible services (MinIO, R2, B2, Ceph, s3rver). */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Omit to use the SDK's default chain (environment, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Most self-hosted S3-compatible servers need path-style URLs. */
  forcePathStyle?: boolean;
  /** Namespace inside a shared bucket, e.g. `tagphoto/`. */
  keyPrefix?: string;
  /** Keys per listing page and per batch delete; S3 caps both at 1000. */
  pageSize?: number;
}

/** Blobs as objects in an S3-compatible bucket. */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly keyPrefix: string;
  private readonly pageSize: number;

  constructor(options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.keyPrefix = options.keyPrefix ?? '';
    this.pageSize = Math.min(Math.max(Math.floor(options.pageSize ?? 1000), 1), 1000);
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      credentials: options.credentials,
      forcePathStyle: options.forcePathStyle,
      // Many S3-compatible servers reject or ignore the SDK's newer default CRC checksums; send them only when required.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: bytes }));
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async *keys(prefix: string): AsyncIterable<string> {
    for await (const page of this.pages(prefix)) {
      for (const objectKey of page) yield objectKey.slice(this.keyPrefix.length);
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    for await (const page of this.pages(prefix)) {
      if (page.length === 0) continue;
      const result = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: page.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const failed = result.Errors ?? [];
      if (failed.length > 0) {
        throw new S3DeleteError(
          `Could not delete ${failed.length} object(s) under ${prefix}: ${failed.map((e) => `${e.Key} (${e.Code})`).join(', ')}`,
        );
      }
    }
  }

  /** Stops the client's keep-alive sockets (at shutdown). */
  destroy(): void {
    this.client.destroy();
  }

  /**
   * Listing pages, oldest API on purpose: marker paging (ListObjects v1) works on every S3-compatible server,
   * while some (s3rver among them) fail on ListObjectsV2 continuation tokens.
   */
  private async *pages(prefix: string): AsyncGenerator<string[]> {
    const fullPrefix = this.keyPrefix + assertBlobPrefix(prefix);
    let marker: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsCommand({ Bucket: this.bucket, Prefix: fullPrefix, Marker: marker, MaxKeys: this.pageSize }),
      );
      const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
      yield keys;
      marker = page.IsTruncated ? (page.NextMarker ?? keys[keys.length - 1]) : undefined;
    } while (marker);
  }

  private objectKey(key: string): string {
    return this.keyPrefix + assertBlobKey(key);
  }
}

export class S3DeleteError extends Error {
  readonly code = 's3_delete_failed';
}

function isNotFound(error: unknown): boolean {
  // A missing bucket is also a 404, but a misconfiguration, so only a missing key counts as absent.
  return error instanceof NoSuchKey || (error instanceof S3ServiceException && error.name === 'NoSuchKey');
}
