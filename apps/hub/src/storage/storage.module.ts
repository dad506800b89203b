import { Global, Logger, Module } from '@nestjs/common';
import { join, resolve } from 'node:path';
import {
  BlobStore,
  EncryptedBlobStore,
  FileBlobStore,
  loadOrCreateMasterKeyFile,
  MasterKey,
  masterKeyFromBase64,
  S3BlobStore,
} from '@tagphoto/privacy';
import { HUB_CONFIG } from '../config/config.module';
import type { HubConfig } from '../config/config.schema';
import { Vault } from './vault';

export const BLOB_STORE = Symbol('BLOB_STORE');
/** The blob driver itself, which only ever holds ciphertext (for key rotation and deletion sweeps). */
export const RAW_BLOB_STORE = Symbol('RAW_BLOB_STORE');
export const MASTER_KEYS = Symbol('MASTER_KEYS');

export interface MasterKeys {
  current: MasterKey;
  previous: MasterKey[];
}

async function loadMasterKeys(config: HubConfig): Promise<MasterKeys> {
  const previous = config.TAGPHOTO_PREVIOUS_MASTER_KEYS.map(masterKeyFromBase64);
  if (config.TAGPHOTO_MASTER_KEY) return { current: masterKeyFromBase64(config.TAGPHOTO_MASTER_KEY), previous };
  const keyFile = join(resolve(config.TAGPHOTO_DATA_DIR), 'master.key');
  const loaded = await loadOrCreateMasterKeyFile(keyFile);
  if (loaded.created) {
    new Logger('storage').warn(
      `Generated a local master key at ${keyFile}. Every stored image and result is encrypted with it: back it up, ` +
        'or set TAGPHOTO_MASTER_KEY (base64 of 32 random bytes) in production.',
    );
  }
  return { current: loaded.key, previous };
}

function createRawBlobStore(config: HubConfig): BlobStore {
  if (config.TAGPHOTO_BLOB_STORE === 'file') return new FileBlobStore(join(resolve(config.TAGPHOTO_DATA_DIR), 'blobs'));
  const { TAGPHOTO_S3_ACCESS_KEY_ID: accessKeyId, TAGPHOTO_S3_SECRET_ACCESS_KEY: secretAccessKey } = config;
  return new S3BlobStore({
    endpoint: config.TAGPHOTO_S3_ENDPOINT,
    region: config.TAGPHOTO_S3_REGION,
    bucket: config.TAGPHOTO_S3_BUCKET!,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: config.TAGPHOTO_S3_FORCE_PATH_STYLE,
  });
}

// Global: the encrypted blob store and the vault seal data for repositories in every feature.
@Global()
@Module({
  providers: [
    { provide: MASTER_KEYS, inject: [HUB_CONFIG], useFactory: loadMasterKeys },
    { provide: RAW_BLOB_STORE, inject: [HUB_CONFIG], useFactory: createRawBlobStore },
    {
      provide: BLOB_STORE,
      inject: [RAW_BLOB_STORE, MASTER_KEYS],
      useFactory: (raw: BlobStore, keys: MasterKeys) => new EncryptedBlobStore(raw, keys.current, keys.previous),
    },
    { provide: Vault, inject: [MASTER_KEYS], useFactory: (keys: MasterKeys) => new Vault(keys.current, keys.previous) },
  ],
  exports: [BLOB_STORE, RAW_BLOB_STORE, MASTER_KEYS, Vault],
})
export class StorageModule {}
