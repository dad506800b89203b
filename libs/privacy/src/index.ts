export * from './secrets';
export * from './envelope';
export * from './master-key-file';
export * from './blob-store/blob-store';
export * from './blob-store/file-blob-store';
export * from './blob-store/encrypted-blob-store';
