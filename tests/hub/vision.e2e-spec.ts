import dns from 'node:dns';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../apps/hub/src/config/config.schema';
import { openVisionBackend } from '../../apps/hub/src/modules/vision/vision.module';
import { startFakeVisionServer, type FakeVisionServer } from '../../libs/tagging/testing/fake-vision-server';
import { signUpAndSignIn, startHubProcess } from '../support/hub-process';
import { MODEL_DIR, newAccount, PHOTOS, startTestHub, type TestHub, tagAndWait, waitForImage } from '../support/hub';

/** A documentation address (RFC 5737): the hub must refuse it, or with the override never be made to reach it here. */
const PUBLIC_VISION_URL = 'http://203.0.113.10:11434';
const CAPTION = {
  altText: 'A tabby cat resting its head on a patterned rug',
  title: 'Tabby cat on a rug',
  description: 'A tabby cat lies on a patterned rug and looks into the camera.',
  tags: ['cat', 'whiskers'],
  subject: 'cat',
  people: 0,
};

/**
 * Records the host of every TCP connection and DNS lookup the process starts, and refuses connections to `blocked`
 * so that a broken gate can never make a test reach the outside. net.connect() hands the socket its arguments
 * normalized into an array ([options, callback]), which the recorder unpacks.
 */
function recordConnections(blocked?: string): { hosts: string[]; restore(): void } {
  const hosts: string[] = [];
  const connect = net.Socket.prototype.connect;
  const lookup = dns.lookup;
  const lookupPromise = dns.promises.lookup;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const [first] = (Array.isArray(args[0]) ? args[0] : args) as [net.NetConnectOpts | number | string];
    const host =
      typeof first === 'object'
        ? String((first as net.TcpNetConnectOpts).host ?? (first as net.IpcNetConnectOpts).path)
        : String(args[1] ?? first);
    hosts.push(host);
    if (host === blocked) {
      process.nextTick(() => this.destroy(new Error(`test refused a connection to ${blocked}`)));
      return this;
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
    hosts.push(hostname);
    return (lookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  };
  (dns.promises as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
    hosts.push(hostname);
    return (lookupPromise as (...a: unknown[]) => unknown)(hostname, ...rest);
  };
  return {
    hosts,
    restore: () => {
      net.Socket.prototype.connect = connect;
      (dns as { lookup: unknown }).lookup = lookup;
      (dns.promises as { lookup: unknown }).lookup = lookupPromise;
    },
  };
}

describe('a vision backend on the operator network (PostgreSQL + BullMQ)', () => {
  let server: FakeVisionServer;
  let hub: TestHub;
  let photo: Buffer;

  beforeAll(async () => {
    server = await startFakeVisionServer('ollama', () => ({ content: JSON.stringify(CAPTION) }));
    hub = await startTestHub({
      mode: 'server',
      env: {
        TAGPHOTO_VISION_URL: server.url,
        TAGPHOTO_VISION_MODEL: 'qwen2.5vl:7b',
        TAGPHOTO_VISION_API_KEY: 'vision-canary-key',
      },
    });
    photo = await readFile(join(PHOTOS, 'chelsea.jpg'));
  });
  afterAll(async () => {
    await hub.close();
    await server.close();
  });
  beforeEach(() => server.received.splice(0));

  it("captions with the operator's vision model and records which engine wrote each field", async () => {
    const { apiKey } = await newAccount(hub);
    const done = await request(hub.http)
      .post('/v1/images?wait=true')
      .set('Authorization', `Bearer ${apiKey}`)
      .attach('file', photo, 'cat.jpg')
      .expect(200);
    expect(done.body.result).toMatchObject({
      altText: CAPTION.altText,
      title: CAPTION.title,
      sources: { altText: 'vision', title: 'vision', description: 'vision', tags: 'vision' },
      models: { vision: 'ollama:qwen2.5vl:7b' },
    });
    expect(server.received).toHaveLength(1);
    expect(server.received[0].headers.authorization).toBe('Bearer vision-canary-key');
  });

  it('contacts only loopback while tagging, the vision server included, and nothing outside', async () => {
    const { apiKey } = await newAccount(hub);
    const recorder = recordConnections();
    try {
      await request(hub.http)
        .post('/v1/images?wait=true')
        .set('Authorization', `Bearer ${apiKey}`)
        .attach('file', photo, 'cat.jpg')
        .expect(200);
    } finally {
      recorder.restore();
    }
    expect(server.received).toHaveLength(1);
    expect(recorder.hosts).toContain('127.0.0.1');
    expect(recorder.hosts.filter((host) => !['127.0.0.1', 'localhost', '::1'].includes(host))).toEqual([]);
  });

  it('skips the vision model for an upload with vision=false, also when it is tagged later from the queue', async () => {
    const { apiKey } = await newAccount(hub);
    const accepted = await request(hub.http)
      .post('/v1/images?vision=false')
      .set('Authorization', `Bearer ${apiKey}`)
      .attach('file', photo, 'cat.jpg')
      .expect(202);
    const image = await waitForImage(hub, apiKey, accepted.body.id as string);
    expect(image.result).toMatchObject({
      sources: { altText: 'built-in', title: 'built-in', description: 'built-in', tags: 'built-in' },
    });
    expect((image.result as { models: Record<string, string> }).models.vision).toBeUndefined();
    expect(server.received).toHaveLength(0);
  });

  it('never sends the images of an owner who chose built-in models only, and keeps that choice when a client leaves it out', async () => {
    const owner = await newAccount(hub);
    const settings = { retention: { mode: 'keep' }, analyticsOptOut: false, marketingOptOut: true };
    const saved = await request(hub.http)
      .put('/v1/account/privacy')
      .set('Cookie', owner.cookie)
      .send({ ...settings, builtInModelsOnly: true })
      .expect(200);
    expect(saved.body.builtInModelsOnly).toBe(true);
    // A client written before the setting existed sends the other fields only.
    await request(hub.http)
      .put('/v1/account/privacy')
      .set('Cookie', owner.cookie)
      .send({ ...settings, analyticsOptOut: true })
      .expect(200);
    expect(
      (await request(hub.http).get('/v1/account/privacy').set('Cookie', owner.cookie).expect(200)).body
        .builtInModelsOnly,
    ).toBe(true);

    const done = await tagAndWait(hub, owner.cookie, photo, 'cat.jpg');
    expect(done.body.result.sources.altText).toBe('built-in');
    expect(server.received).toHaveLength(0);

    const other = await newAccount(hub);
    const theirs = await tagAndWait(hub, other.cookie, photo, 'cat.jpg');
    expect(theirs.body.result.sources.altText).toBe('vision');
    expect(server.received).toHaveLength(1);
  });

  it("tells owners that captions come from a model on the operator's own network", async () => {
    const owner = await newAccount(hub);
    const privacy = await request(hub.http).get('/v1/account/privacy').set('Cookie', owner.cookie).expect(200);
    expect(privacy.body).toMatchObject({
      builtInModelsOnly: false,
      visionBackend: { public: false, host: null, notice: expect.stringContaining('own network') },
    });
  });

  it('shows the circuit on /health without the URL or the key, and opens it when the backend keeps failing', async () => {
    const healthy = await request(hub.http).get('/health').expect(200);
    expect(healthy.body.vision).toEqual({ model: 'ollama:qwen2.5vl:7b', circuit: 'closed', inFlight: 0, waiting: 0 });
    expect(JSON.stringify(healthy.body)).not.toMatch(new RegExp(`${new URL(server.url).port}|vision-canary-key`));

    await server.close();
    const { apiKey } = await newAccount(hub);
    for (let i = 0; i < 5; i += 1) {
      const done = await request(hub.http)
        .post('/v1/images?wait=true')
        .set('Authorization', `Bearer ${apiKey}`)
        .attach('file', photo, 'cat.jpg')
        .expect(200);
      expect(done.body.result.review).toEqual({
        needed: true,
        reasons: expect.arrayContaining(['vision backend unavailable']),
      });
    }
    const open = await request(hub.http).get('/health').expect(200);
    expect(open.body).toMatchObject({ status: 'ok', vision: { circuit: 'open', openedAt: expect.any(String) } });
  });
});

describe('a vision server on a public address', () => {
  const env = { TAGPHOTO_VISION_URL: PUBLIC_VISION_URL, TAGPHOTO_VISION_MODEL: 'llava' };

  it('is refused at start before any lookup or connection, with a message naming the address and the override', async () => {
    const local = await startFakeVisionServer('ollama', () => ({ status: 404 }));
    const recorder = recordConnections('203.0.113.10');
    try {
      await expect(openVisionBackend(loadConfig(env))).rejects.toThrow(
        /203\.0\.113\.10.*public address.*TAGPHOTO_VISION_ALLOW_PUBLIC=true/s,
      );
      // The recorder sees connections: this one, to a local server, is the only one.
      await fetch(local.url);
    } finally {
      recorder.restore();
      await local.close();
    }
    expect(recorder.hosts).toEqual(['127.0.0.1']);
  });

  it('stops the hub at start with that message', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-vision-'));
    try {
      await expect(
        startHubProcess({ ...env, TAGPHOTO_DATA_DIR: dataDir, TAGPHOTO_MODEL_DIR: MODEL_DIR }),
      ).rejects.toThrow(/hub exited with 1 during start:[\s\S]*TAGPHOTO_VISION_URL points at 203\.0\.113\.10/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('is allowed only with TAGPHOTO_VISION_ALLOW_PUBLIC=true, which warns at every start and tells every owner where images go', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tagphoto-vision-'));
    const allowed = {
      ...env,
      TAGPHOTO_VISION_ALLOW_PUBLIC: 'true',
      TAGPHOTO_DATA_DIR: dataDir,
      TAGPHOTO_MODEL_DIR: MODEL_DIR,
    };
    try {
      for (let start = 0; start < 2; start += 1) {
        const hub = await startHubProcess(allowed);
        try {
          expect(hub.output()).toMatch(/TAGPHOTO_VISION_ALLOW_PUBLIC=true: images are sent to 203\.0\.113\.10/);
          const cookie = await signUpAndSignIn(hub.url, `owner-${start}@example.com`);
          const privacy = (await (await fetch(`${hub.url}/v1/account/privacy`, { headers: { cookie } })).json()) as {
            visionBackend: unknown;
          };
          expect(privacy.visionBackend).toEqual({
            public: true,
            host: '203.0.113.10',
            notice: "Images are sent to 203.0.113.10 for captions, outside this service's network.",
          });
        } finally {
          await hub.stop('SIGTERM');
        }
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('sends nothing there for an owner who chose built-in models only', async () => {
    const hub = await startTestHub({ mode: 'embedded', env: { ...env, TAGPHOTO_VISION_ALLOW_PUBLIC: 'true' } });
    const recorder = recordConnections('203.0.113.10');
    try {
      const owner = await newAccount(hub);
      await request(hub.http)
        .put('/v1/account/privacy')
        .set('Cookie', owner.cookie)
        .send({ retention: { mode: 'keep' }, analyticsOptOut: false, marketingOptOut: true, builtInModelsOnly: true })
        .expect(200);
      const done = await request(hub.http)
        .post('/v1/images?wait=true')
        .set('Cookie', owner.cookie)
        .attach('file', await readFile(join(PHOTOS, 'chelsea.jpg')), 'cat.jpg')
        .expect(200);
      expect(done.body.result.sources.altText).toBe('built-in');
      expect(done.body.result.review.reasons).not.toContain('vision backend unavailable');
    } finally {
      recorder.restore();
      await hub.close();
    }
    // The recorder saw the test's own requests to the hub, and nothing toward the vision server.
    expect(recorder.hosts).toContain('127.0.0.1');
    expect(recorder.hosts).not.toContain('203.0.113.10');
  });
});
