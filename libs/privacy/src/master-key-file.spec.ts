import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateMasterKeyFile } from './master-key-file';

describe('loadOrCreateMasterKeyFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tagphoto-master-key-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates the key once, readable by its owner only, and reads the same key afterwards', async () => {
    const path = join(dir, 'keys', 'master.key');
    const first = await loadOrCreateMasterKeyFile(path);
    expect(first.created).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateMasterKeyFile(path);
    expect(again).toEqual({ key: first.key, created: false });
  });

  it('gives processes starting together on a new directory one key, created by one of them, and leaves no draft', async () => {
    const path = join(dir, 'master.key');
    const loaded = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateMasterKeyFile(path)));
    expect(loaded.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(loaded.map((result) => result.key.id)).size).toBe(1);
    expect(await readdir(dir)).toEqual(['master.key']);
  });
});
