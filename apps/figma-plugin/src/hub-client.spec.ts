import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { answerHubRequest, encodeMultipart, HttpFetch, HubError, tagAtHub } from './hub-client';
import { extensionOf, mimeTypeOf } from './image-format';

const PHOTO = join(__dirname, '..', '..', '..', 'libs', 'tagging', 'fixtures', 'photos', 'chelsea.jpg');

function answering(status: number, body: unknown): { fetch: HttpFetch; calls: Array<Parameters<HttpFetch>> } {
  const calls: Array<Parameters<HttpFetch>> = [];
  return {
    calls,
    fetch: async (...args) => {
      calls.push(args);
      return {
        ok: status >= 200 && status < 300,
        status,
        text: async () => (typeof body === 'string' ? body : JSON.stringify(body)),
      };
    },
  };
}

const request = (bytes: Uint8Array) => ({
  hubUrl: 'https://tags.example.com',
  apiKey: 'tpk_secret',
  language: 'fr',
  bytes,
  fileName: 'Hero image.jpg',
});

describe('hub client (runs in the plugin UI iframe)', () => {
  let jpeg: Uint8Array;
  beforeAll(async () => {
    jpeg = new Uint8Array(await readFile(PHOTO));
  });

  it('encodes a multipart body that a standard form-data parser reads back as the same file', async () => {
    const body = encodeMultipart(jpeg, 'Hero image.jpg', 'boundary-123');
    const form = await new Response(body, {
      headers: { 'content-type': 'multipart/form-data; boundary=boundary-123' },
    }).formData();
    const file = form.get('file') as File;
    expect(file.name).toBe('Hero image.jpg');
    expect(file.type).toBe('image/jpeg');
    expect(Buffer.compare(Buffer.from(await file.arrayBuffer()), Buffer.from(jpeg))).toBe(0);
  });

  it('recognises the formats Figma keeps images in from their first bytes', async () => {
    const png = new Uint8Array(await sharp(Buffer.from(jpeg)).png().toBuffer());
    const webp = new Uint8Array(await sharp(Buffer.from(jpeg)).webp().toBuffer());
    expect([mimeTypeOf(jpeg), mimeTypeOf(png), mimeTypeOf(webp)]).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    expect([extensionOf(jpeg), extensionOf(png), extensionOf(new Uint8Array([1, 2, 3]))]).toEqual([
      'jpg',
      'png',
      'bin',
    ]);
  });

  it('posts to /v1/images with wait, language and the API key as a bearer token', async () => {
    const hub = answering(200, {
      id: 'c0a8012e-0000-4000-8000-000000000000',
      status: 'done',
      result: {
        title: 'Chat',
        altText: 'Un chat',
        description: 'Un chat roux',
        tags: [{ label: 'chat', confidence: 0.9, source: 'labels' }],
        language: 'fr',
      },
    });
    const result = await tagAtHub(hub.fetch, request(jpeg));
    expect(result).toEqual({
      title: 'Chat',
      altText: 'Un chat',
      description: 'Un chat roux',
      tags: [{ label: 'chat', confidence: 0.9, source: 'labels' }],
      language: 'fr',
    });
    const [url, init] = hub.calls[0];
    expect(url).toBe('https://tags.example.com/v1/images?wait=true&language=fr');
    expect(init.method).toBe('POST');
    expect(init.headers.Authorization).toBe('Bearer tpk_secret');
    expect(init.headers['Content-Type']).toMatch(/^multipart\/form-data; boundary=tagphoto-[a-z0-9]+$/);
  });

  it("shows the hub's own error message for a refused image", async () => {
    const hub = answering(422, { error: { code: 'corrupt_image', message: 'The image is truncated or corrupt.' } });
    await expect(tagAtHub(hub.fetch, request(jpeg))).rejects.toMatchObject({
      name: 'HubError',
      status: 422,
      code: 'corrupt_image',
      message: 'The image is truncated or corrupt.',
    });
  });

  it('explains a refused key and an unreachable hub in words a designer can act on', async () => {
    await expect(tagAtHub(answering(401, '<html>nope</html>').fetch, request(jpeg))).rejects.toThrow(
      /refused the API key/,
    );
    const offline: HttpFetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    const error = await tagAtHub(offline, request(jpeg)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).message).toMatch(
      /Could not reach the hub at https:\/\/tags.example.com \(Failed to fetch\)/,
    );
  });

  it('reports a failed tagging job and one the hub is still working on as errors', async () => {
    await expect(
      tagAtHub(
        answering(200, { id: 'x', status: 'failed', result: null, error: 'Model crashed' }).fetch,
        request(jpeg),
      ),
    ).rejects.toThrow('Model crashed');
    await expect(tagAtHub(answering(202, { id: 'abc', status: 'queued' }).fetch, request(jpeg))).rejects.toThrow(
      /still tagging this image \(id abc\)/,
    );
  });

  it('always answers the plugin code, with the error text when the hub fails', async () => {
    const answer = await answerHubRequest(answering(500, 'oops').fetch, {
      type: 'hub-request',
      requestId: 7,
      ...request(jpeg),
    });
    expect(answer).toEqual({ type: 'hub-response', requestId: 7, ok: false, error: 'The hub answered HTTP 500.' });
  });
});
