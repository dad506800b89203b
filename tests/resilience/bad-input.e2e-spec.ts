import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_DIR } from '../support/hub';
import { createApiKey, HubProcess, signUpAndSignIn, startHubProcess } from '../support/hub-process';
import { HostileFile, writeHostileCorpus } from './support/hostile-corpus';

/** Peak resident memory of a process, from the kernel's own account. */
async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

describe('a corpus of hostile files', () => {
  let dir: string;
  let dataDir: string;
  let corpus: HostileFile[];
  let hub: HubProcess;
  let apiKey: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tagphoto-hostile-'));
    dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-hostile-hub-'));
    corpus = await writeHostileCorpus(dir);
    hub = await startHubProcess({ TAGPHOTO_DATA_DIR: dataDir, TAGPHOTO_MODEL_DIR: MODEL_DIR, LOG_LEVEL: 'warn' });
    const cookie = await signUpAndSignIn(hub.url, 'hostile@example.com');
    apiKey = (await createApiKey(hub.url, cookie, 'corpus')).key;
  });
  afterAll(async () => {
    await hub.stop('SIGTERM');
    await rm(dir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers every file with a clear 4xx or a safe result, never crashes, and keeps memory bounded', async () => {
    const outcomes: string[] = [];
    const unexpected: string[] = [];
    for (const file of corpus) {
      const form = new FormData();
      form.append('file', new Blob([await readFile(join(dir, file.name))]), file.name);
      const response = await fetch(`${hub.url}/v1/images?wait=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}` },
        body: form,
      });
      const body = (await response.json()) as {
        status?: string;
        error?: { code: string; message: string };
        result?: { width: number };
      };
      outcomes.push(`${file.name}: ${response.status} ${body.error?.code ?? body.status}`);
      if (!file.expect.includes(response.status))
        unexpected.push(`${file.name} (${file.why}): ${response.status}, expected ${file.expect.join(' or ')}`);
      if (response.status === 200 && body.status !== 'done')
        unexpected.push(`${file.name}: tagged with status ${body.status}`);
      if (response.status !== 200 && (body.error?.message.length ?? 0) < 20)
        unexpected.push(`${file.name}: no clear error message`);
      expect(hub.child.exitCode).toBeNull();
    }
    const health = await fetch(`${hub.url}/health`);
    expect(health.status).toBe(200);
    expect(await peakRssMb(hub.child.pid!)).toBeLessThan(1500);
    expect(unexpected).toEqual([]);
    expect(outcomes).toHaveLength(corpus.length);
  });
});
