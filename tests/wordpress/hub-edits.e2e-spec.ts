import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'svix';
import { buildPlugin } from '../../apps/wordpress-plugin/build';
import { type HubProcess, signUpAndSignIn } from '../support/hub-process';
import {
  connectSite,
  eventually,
  json,
  type Media,
  MediaLibrary,
  startHubForWordPress,
  stopAll,
} from './support/wordpress-e2e';
import { startWordPress, type WordPressSite } from './support/wordpress-site';

interface Post {
  id: number;
  content: { raw: string };
}
interface HubImage {
  id: string;
  status: string;
  result: { altText: string; editedFields: string[]; tags: { label: string }[] };
}

/** What the plugin writes into an alt attribute (esc_attr). */
const attribute = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&#039;');

/**
 * A person's edit in the hub reaches the WordPress site the image came from: a real WordPress (MariaDB, PHP) connected
 * to the real hub with "Connect to TagPhoto", its plugin verifying the hub's signed image.edited messages.
 */
describe('edits made in the hub reach the WordPress attachment', () => {
  let hub: HubProcess;
  let stopHub: () => Promise<void>;
  let site: WordPressSite;
  let cookie: string;
  let apiKey: string;
  let callbackSecret: string;
  const mediaLibrary = new MediaLibrary(
    () => site,
    () => hub.output(),
  );
  const media = (id: number) => mediaLibrary.media(id);

  beforeAll(async () => {
    await buildPlugin();
    ({ hub, stop: stopHub } = await startHubForWordPress('wp-edits'));
    cookie = await signUpAndSignIn(hub.url, `wp-edits-${randomBytes(4).toString('hex')}@example.com`);
    site = await startWordPress();
    ({ apiKey, callbackSecret } = await connectSite(hub.url, cookie, site));
  });

  afterAll(() => stopAll([() => site?.stop(), () => stopHub?.()]));

  const hubApi = (path: string, init: RequestInit = {}) =>
    fetch(`${hub.url}${path}`, { ...init, headers: { cookie, ...(init.headers ?? {}) } });
  const editInHub = async (id: string, edit: Record<string, unknown>): Promise<HubImage> =>
    json<HubImage>(
      await hubApi(`/v1/images/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(edit),
      }),
      200,
    );
  const tagNames = async (id: number): Promise<string[]> =>
    (await json<{ name: string }[]>(await site.rest(`/wp-json/wp/v2/tagphoto_tag?post=${id}&per_page=100`), 200)).map(
      (term) => term.name,
    );
  const createPost = async (content: string): Promise<Post> =>
    json<Post>(
      await site.rest('/wp-json/wp/v2/posts?context=edit', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'With a photo', status: 'publish', content }),
      }),
      201,
    );
  const readPost = async (id: number): Promise<string> =>
    (await json<Post>(await site.rest(`/wp-json/wp/v2/posts/${id}?context=edit`), 200)).content.raw;
  const block = (id: number, src: string, alt: string) =>
    `<!-- wp:image {"id":${id},"sizeSlug":"full"} -->\n<figure class="wp-block-image size-full"><img src="${src}" alt="${alt}" class="wp-image-${id}"/></figure>\n<!-- /wp:image -->`;

  /** Uploads through WordPress and waits for the hub's result to be written. */
  async function tagged(file: string): Promise<Media> {
    const created = await mediaLibrary.upload(file);
    const item = await mediaLibrary.untilSettled(created.id);
    expect(item.tagphoto.status).toBe('done');
    return item;
  }

  /** Posts a message (image.edited, or a result) to the plugin's callback route, signed (or not) as given. */
  async function sendEdited(
    attachment: number,
    body: string,
    { secret, at = new Date(), contentType = 'application/json' }: { secret?: string; at?: Date; contentType?: string },
  ): Promise<Response> {
    const id = `msg_${randomUUID()}`;
    const headers: Record<string, string> = { 'content-type': contentType };
    if (secret) {
      headers['webhook-id'] = id;
      headers['webhook-timestamp'] = String(Math.floor(at.getTime() / 1000));
      headers['webhook-signature'] = new Webhook(secret).sign(id, at, body);
    }
    return fetch(`${site.url}/?rest_route=/tagphoto/v1/callback&attachment=${attachment}`, {
      method: 'POST',
      headers,
      body,
    });
  }

  it('records the plugin’s uploads as WordPress images, found by source', async () => {
    const item = await tagged('dog.jpg');
    const ids = async (source: string) =>
      (await json<{ items: { id: string }[] }>(await hubApi(`/v1/images?source=${source}`), 200)).items.map(
        (image) => image.id,
      );
    expect(await ids('wordpress')).toContain(item.tagphoto.hubImageId);
    expect(await ids('api')).not.toContain(item.tagphoto.hubImageId);
  });

  it('writes an alt-text edit made in the hub to the attachment and to the posts that show it, keeping a post’s own alt', async () => {
    const item = await tagged('robin.jpg');
    const engineAlt = item.alt_text;
    expect(engineAlt.length).toBeGreaterThan(0);
    const src = (await json<{ source_url: string }>(await site.rest(`/wp-json/wp/v2/media/${item.id}`), 200))
      .source_url;
    // A post still showing the alt text TagPhoto wrote, one with an empty alt, one whose author wrote their own.
    const ours = await createPost(block(item.id, src, attribute(engineAlt)));
    const empty = await createPost(`<p><img class="alignnone wp-image-${item.id}" src="${src}" alt="" /></p>`);
    const authors = await createPost(block(item.id, src, 'Our garden robin, photographed by Anna'));
    const authorsBefore = await readPost(authors.id);

    const altText = 'A robin with an orange breast perched on a branch';
    const edited = await editInHub(item.tagphoto.hubImageId, { altText });
    expect(edited.result.editedFields).toEqual(['altText']);

    const after = await eventually(
      () => media(item.id),
      (current) => current.alt_text === altText,
    );
    expect(after.tagphoto.status).toBe('done');
    expect(after.tagphoto.written).toContain('alt');
    expect(await readPost(ours.id)).toBe(block(item.id, src, attribute(altText)));
    expect(await readPost(empty.id)).toBe(
      `<p><img class="alignnone wp-image-${item.id}" src="${src}" alt="${attribute(altText)}" /></p>`,
    );
    expect(await readPost(authors.id)).toBe(authorsBefore);
    // The image's history in the hub shows the edit written back through WordPress.
    const history = await eventually(
      async () =>
        (
          await json<{ items: { kind: string; connector: string | null }[] }>(
            await hubApi(`/v1/images/${item.tagphoto.hubImageId}/history`),
            200,
          )
        ).items,
      (items) => items.some((entry) => entry.kind === 'published'),
    );
    expect(history.find((entry) => entry.kind === 'published')).toMatchObject({
      connector: 'wordpress',
      fields: ['altText', 'tags'],
    });

    // A second edit replaces the first: it is now the hub's text, in the attachment and in the posts.
    const again = 'A robin singing on a bare branch';
    await editInHub(item.tagphoto.hubImageId, { altText: again });
    await eventually(
      () => media(item.id),
      (current) => current.alt_text === again,
    );
    expect(await readPost(ours.id)).toBe(block(item.id, src, attribute(again)));
  }, 240_000);

  it('does not apply a result the hub delivers again after a person’s edit over that edit', async () => {
    const taggedAt = new Date();
    const item = await tagged('chelsea.jpg');
    const engine = await json<HubImage>(await hubApi(`/v1/images/${item.tagphoto.hubImageId}`), 200);
    const altText = 'A tabby cat looking up from a cushion';
    await editInHub(item.tagphoto.hubImageId, { altText });
    await eventually(
      () => media(item.id),
      (current) => current.alt_text === altText,
    );

    // The tagging result's delivery, retried as the hub retries it: the same body, first signed before the edit.
    const retried = JSON.stringify({
      type: 'image.tagged',
      timestamp: taggedAt.toISOString(),
      data: { image: engine },
    });
    const answer = await sendEdited(item.id, retried, { secret: callbackSecret });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ applied: false });
    expect((await media(item.id)).alt_text).toBe(altText);
  }, 240_000);

  it('keeps alt text a person typed in WordPress unless the site chose to always replace it; tags follow the edit', async () => {
    const item = await tagged('coffee.jpg');
    const own = 'My morning espresso on the balcony';
    await json(
      await site.rest(`/wp-json/wp/v2/media/${item.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ alt_text: own }),
      }),
      200,
    );

    await editInHub(item.tagphoto.hubImageId, { altText: 'A cup of coffee on a saucer', tags: ['espresso', 'cup'] });
    // The tags are the hub's and arrive; the alt text is the person's and stays.
    await eventually(
      () => tagNames(item.id),
      (names) => names.includes('espresso'),
    );
    expect((await tagNames(item.id)).sort()).toEqual(['cup', 'espresso']);
    expect((await media(item.id)).alt_text).toBe(own);

    await site.configure({ settings: { overwrite: 'always' } });
    try {
      await editInHub(item.tagphoto.hubImageId, { altText: 'An espresso cup on a saucer' });
      await eventually(
        () => media(item.id),
        (current) => current.alt_text === 'An espresso cup on a saucer',
      );
    } finally {
      await site.configure({ settings: { overwrite: 'keep_person' } });
    }
  }, 240_000);

  it('leaves a suggestion held for review in WordPress alone when only the tags were edited, and settles it with a person’s alt text', async () => {
    await site.configure({ settings: { publish: 'hold' } });
    try {
      const created = await mediaLibrary.upload('butterfly.jpg');
      const held = await mediaLibrary.untilSettled(created.id);
      expect(held.tagphoto.status).toBe('review');
      expect(held.alt_text).toBe('');

      await editInHub(held.tagphoto.hubImageId, { tags: ['butterfly', 'meadow'] });
      await eventually(
        () => tagNames(created.id),
        (names) => names.includes('meadow'),
      );
      // The engine's alt text went out beside the tags; the site holds it for a person, so it is not written.
      const stillHeld = await media(created.id);
      expect(stillHeld.alt_text).toBe('');
      expect(stillHeld.tagphoto.status).toBe('review');
      expect(stillHeld.tagphoto.suggestion).toEqual(held.tagphoto.suggestion);

      const altText = 'A butterfly with open orange wings on a flower';
      await editInHub(held.tagphoto.hubImageId, { altText });
      // The plugin writes the alt text, then settles the suggestion: wait for the edit to be applied as a whole.
      const decided = await eventually(
        () => media(created.id),
        (current) => current.alt_text === altText && current.tagphoto.status !== 'review',
      );
      expect(decided.tagphoto).toMatchObject({ status: 'done', suggestion: null });
    } finally {
      await site.configure({ settings: { publish: 'auto' } });
    }
  }, 240_000);

  it('refuses an unsigned, forged, stale or malformed edit and changes nothing', async () => {
    const item = await tagged('apple.jpg');
    const before = await media(item.id);
    const tagsBefore = (await tagNames(item.id)).sort();
    const message = (data: Record<string, unknown>) =>
      JSON.stringify({ type: 'image.edited', data: { altTextByPerson: true, ...data } });
    const forged = message({
      imageId: item.tagphoto.hubImageId,
      altText: 'Forged alt text',
      tags: [{ label: 'forged' }],
    });
    const refused = async (response: Response, status: number, says: string) => {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { message: string }).message).toContain(says);
    };

    await refused(await sendEdited(item.id, forged, {}), 401, 'missing webhook-id');
    await refused(
      await sendEdited(item.id, forged, { secret: `whsec_${randomBytes(24).toString('base64')}` }),
      401,
      'no signature matches',
    );
    await refused(
      await sendEdited(item.id, forged, { secret: callbackSecret, at: new Date(Date.now() - 10 * 60_000) }),
      401,
      'timestamp outside',
    );
    await refused(
      await sendEdited(item.id, forged, { secret: callbackSecret, contentType: 'text/plain' }),
      415,
      'application/json only',
    );
    await refused(
      await sendEdited(item.id, message({ imageId: item.tagphoto.hubImageId, altText: '' }), {
        secret: callbackSecret,
      }),
      400,
      'data.altText must be a non-empty string',
    );
    await refused(
      await sendEdited(item.id, message({ imageId: randomUUID(), altText: 'Another image’s text' }), {
        secret: callbackSecret,
      }),
      409,
      'sent to the hub as another image',
    );

    const after = await media(item.id);
    expect(after.alt_text).toBe(before.alt_text);
    expect(after.tagphoto).toEqual(before.tagphoto);
    expect((await tagNames(item.id)).sort()).toEqual(tagsBefore);
    // Neither the API key nor the callback secret ever reached a log.
    for (const secret of [apiKey, callbackSecret, callbackSecret.slice('whsec_'.length)]) {
      expect(hub.output()).not.toContain(secret);
      expect(site.output()).not.toContain(secret);
    }
  });
});
