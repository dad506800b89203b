import nock from 'nock';
import { spawn } from 'node:child_process';
import dns from 'node:dns';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUpAndSignIn, startHubProcess, type HubProcess } from '../support/hub-process';
import { MODEL_DIR } from '../support/hub';
import { childNodeOptions, takeRefusals } from '../support/loopback-only';

// nock patches the http module every test file of this jest worker shares: give it back when this file ends.
afterAll(() => nock.restore());

/** TEST-NET-1 (RFC 5737): documentation only, never routed. Nothing is ever sent there; the guard refuses first. */
const NEVER_ROUTED = '192.0.2.1';
const GUARD_MESSAGE = 'Tests may contact only 127.0.0.0/8 and [::1]';

/** Runs a script in a new Node process with the NODE_OPTIONS a test hands to its children. */
function runChild(script: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: childNodeOptions() },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

/**
 * Finding 8 of the security review: tests and benchmarks reach 127.0.0.0/8 and [::1] only. The guard
 * (tests/support/loopback-only.js) is loaded into every jest worker by jest.config.js and into every Node process
 * a test starts through NODE_OPTIONS; each refusal also fails the test it happened in (these tests take theirs).
 */
describe('the loopback-only guard', () => {
  afterEach(() => nock.cleanAll());

  it('is installed in this jest worker, as in every suite', () => {
    expect(net.Socket.prototype.connect.name).toBe('loopbackOnlyConnect');
    expect(dns.lookup.name).toBe('loopbackOnlyLookup');
    expect(process.env.NODE_OPTIONS).toContain('loopback-only.js');
  });

  it('throws before Node opens a socket to a non-loopback address: no handle, no connect, no packet', () => {
    const socket = new net.Socket();
    expect(() => socket.connect(80, NEVER_ROUTED)).toThrow(expect.objectContaining({ code: 'ERR_TEST_NON_LOOPBACK' }));
    // Node creates the TCP handle (and only then calls connect(2)) inside its own connect: it never ran.
    expect((socket as unknown as { _handle: unknown })._handle).toBeNull();
    expect(socket.connecting).toBe(false);
    expect(() => net.connect({ host: '10.1.2.3', port: 443 })).toThrow(GUARD_MESSAGE);
    expect(takeRefusals()).toEqual([expect.stringContaining(NEVER_ROUTED), expect.stringContaining('10.1.2.3')]);
  });

  it('refuses fetch, name lookups and DNS queries for anything but loopback', async () => {
    const failed = (await fetch(`http://${NEVER_ROUTED}/`).catch((error: unknown) => error)) as Error & {
      cause?: Error;
    };
    expect(failed.cause?.message).toContain(`${GUARD_MESSAGE}: refused a connection to ${NEVER_ROUTED}`);
    expect(() => dns.lookup('hub.tagphoto.test', () => undefined)).toThrow(GUARD_MESSAGE);
    expect(() => dns.promises.lookup('hub.tagphoto.test')).toThrow(GUARD_MESSAGE);
    expect(() => new dns.promises.Resolver().resolve4('hub.tagphoto.test')).toThrow(GUARD_MESSAGE);
    expect(takeRefusals()).toHaveLength(4);
  });

  it('lets loopback, localhost and nock-intercepted SaaS hosts through', async () => {
    await expect(dns.promises.lookup('localhost')).resolves.toMatchObject({
      address: expect.stringMatching(/^(127\.|::1$)/),
    });
    nock('https://shopify.com').get('/robots.txt').reply(200, 'intercepted');
    const intercepted = await fetch('https://shopify.com/robots.txt');
    expect(await intercepted.text()).toBe('intercepted');
    const server = net.createServer((socket) => socket.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const answer = await new Promise<string>((resolve, reject) => {
      const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
      client.once('data', (data) => resolve(data.toString()));
      client.once('error', reject);
    });
    server.close();
    expect(answer).toBe('hello');
    expect(takeRefusals()).toEqual([]);
  });

  it("is inherited by a child Node process, which dies with the guard's error before connecting", async () => {
    const { code, stderr } = await runChild(`require('node:net').connect(80, '${NEVER_ROUTED}')`);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`${GUARD_MESSAGE}: refused a connection to ${NEVER_ROUTED}`);
  });

  describe('in a hub process a test starts', () => {
    let hub: HubProcess;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-loopback-'));
      // The hub is told it may fetch from the never-routed address, so only the guard stands in the way.
      hub = await startHubProcess({
        TAGPHOTO_DATA_DIR: dataDir,
        TAGPHOTO_MODEL_DIR: MODEL_DIR,
        TAGPHOTO_FETCH_ALLOW_HOSTS: NEVER_ROUTED,
        LOG_LEVEL: 'warn',
      });
    });
    afterAll(async () => {
      await hub?.stop('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    });

    it("runs with the guard loaded and refuses the hub's own outbound fetch to a non-loopback address", async () => {
      const environment = (await readFile(`/proc/${hub.child.pid}/environ`, 'utf8')).split('\0');
      expect(environment).toContainEqual(
        expect.stringMatching(/^NODE_OPTIONS=.*--require=\S*tests\/support\/loopback-only\.js/),
      );
      const cookie = await signUpAndSignIn(hub.url, 'guard@example.com');
      const response = await fetch(`${hub.url}/v1/images?wait=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ url: `http://${NEVER_ROUTED}/photo.jpg` }),
      });
      expect(response.ok).toBe(false);
      // The hub logs the refusal as it answers; the log line may trail the answer by a moment.
      for (let tries = 0; tries < 50 && !hub.output().includes(GUARD_MESSAGE); tries++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(hub.output()).toContain(`${GUARD_MESSAGE}: refused a connection to ${NEVER_ROUTED}`);
    });
  });
});
