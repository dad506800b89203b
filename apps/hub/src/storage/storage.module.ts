import { Global, Logger, Module } from '@nestjs/common';
import { join, resolve } from 'node:path';
import {
  BlobStore,
  EncryptedBlobStore,
  FileBlobStore,
  loadOrCreateMasterKeyFile,
  masterKeyFromBase64,
} from '@tagphoto/privacy';
import { HUB_CONFIG } from '../config/config.module';
import type { HubConfig } from '../config/config.schema';

export const BLOB_STORE = Symbol('BLOB_STORE');

async function createBlobStore(config: HubConfig): Promise<BlobStore> {
  const dataDir = resolve(config.TAGPHOTO_DATA_DIR);
  let master;
  if (config.TAGPHOTO_MASTER_KEY) {
    master = masterKeyFromBase64(config.TAGPHOTO_MASTER_KEY);
  } else {
    const keyFile = join(dataDir, 'master.key');
    const loaded = await loadOrCreateMasterKeyFile(keyFile);
    master = loaded.key;
    if (loaded.created) {
      new Logger('storage').warn(
        `Generated a local master key at ${keyFile}. Every stored image is encrypted with it: back it up, ` +
          'or set TAGPHOTO_MASTER_KEY (base64 of 32 random bytes) in production.',
      );
    }
  }
  return new EncryptedBlobStore(new FileBlobStore(join(dataDir, 'blobs')), master);
}

@Global()
@Module({
  providers: [{ provide: BLOB_STORE, inject: [HUB_CONFIG], useFactory: createBlobStore }],
  exports: [BLOB_STORE],
})
export class StorageModule {}
