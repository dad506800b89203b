import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MasterKey, masterKeyFrom } from './envelope';

/**
 * The master key of an embedded install: read from a local file, created (mode 0600) on first start.
 * `created` tells the caller to warn loudly: losing this file loses every encrypted image.
 *
 * Several processes may start at once on a new data directory (an API process and a worker): each writes a key of its
 * own to a private draft and hard-links it into place, which either makes the whole file appear or fails because
 * another process's key got there first; that one is then read and used by all.
 */
export async function loadOrCreateMasterKeyFile(path: string): Promise<{ key: MasterKey; created: boolean }> {
  try {
    return { key: await readKeyFile(path), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await mkdir(dirname(path), { recursive: true });
  const draft = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.draft`;
  await writeFile(draft, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: await readKeyFile(path), created: false };
  } finally {
    await unlink(draft);
  }
  return { key: masterKeyFrom(key), created: true };
}

async function readKeyFile(path: string): Promise<MasterKey> {
  return masterKeyFrom(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64'));
}

/** Parses TAGPHOTO_MASTER_KEY: 32 bytes, base64 encoded. */
export function masterKeyFromBase64(value: string): MasterKey {
  return masterKeyFrom(Buffer.from(value, 'base64'));
}
