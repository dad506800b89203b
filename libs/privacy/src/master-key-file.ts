import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MasterKey, masterKeyFrom } from './envelope';

/**
 * The master key of an embedded install: read from a local file, created (mode 0600) on first start.
 * `created` tells the caller to warn loudly: losing this file loses every encrypted image.
 */
export async function loadOrCreateMasterKeyFile(path: string): Promise<{ key: MasterKey; created: boolean }> {
  try {
    return { key: masterKeyFrom(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64')), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key: masterKeyFrom(key), created: true };
}

/** Parses TAGPHOTO_MASTER_KEY: 32 bytes, base64 encoded. */
export function masterKeyFromBase64(value: string): MasterKey {
  return masterKeyFrom(Buffer.from(value, 'base64'));
}
