import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { imageSchema } from '@tagphoto/contracts';
import { ImageRepository } from '../../apps/hub/src/modules/images/image.repository';
import { ImageTaggingService } from '../../apps/hub/src/modules/tagging/image-tagging.service';
import { newAccount, PHOTOS, startTestHub, TestHub, tagAndWait } from '../support/hub';

describe('a person editing alt text, title and tags (PATCH /v1/images/:id)', () => {
  let hub: TestHub;
  let photo: Buffer;

  beforeAll(async () => {
    hub = await startTestHub({ mode: 'server' });
    photo = await readFile(join(PHOTOS, 'chelsea.jpg'));
  });
  afterAll(() => hub.close());

  async function taggedImage(cookie: string): Promise<{ id: string; ownerId: string }> {
    const done = await tagAndWait(hub, cookie, photo, 'chelsea.jpg');
    const me = await request(hub.http).get('/v1/auth/me').set('Cookie', cookie).expect(200);
    return { id: done.body.id as string, ownerId: me.body.id as string };
  }

  it('marks the edited fields and never overwrites them when the image is tagged again', async () => {
    const { cookie } = await newAccount(hub);
    const { id, ownerId } = await taggedImage(cookie);
    const before = imageSchema.parse(
      (await request(hub.http).get(`/v1/images/${id}`).set('Cookie', cookie).expect(200)).body,
    );
    expect(before.result?.editedFields).toEqual([]);

    const edited = await request(hub.http)
      .patch(`/v1/images/${id}`)
      .set('Cookie', cookie)
      .send({ altText: 'Chelsea, a tabby cat, looking up from the floor', tags: ['cat', 'tabby'] })
      .expect(200);
    const view = imageSchema.parse(edited.body);
    expect(view.result?.editedFields).toEqual(['altText', 'tags']);
    expect(view.result?.altText).toBe('Chelsea, a tabby cat, looking up from the floor');
    expect(view.result?.tags.find((tag) => tag.label === 'tabby')).toEqual({
      label: 'tabby',
      confidence: 1,
      source: 'person',
    });
    expect(view.result?.title).toBe(before.result?.title);

    // Tag the same bytes again through the engine, as a retry or a model upgrade would.
    const image = (await hub.app.get(ImageRepository).get(ownerId, id))!;
    await hub.app.get(ImageTaggingService).tag(ownerId, image, photo);

    const after = imageSchema.parse(
      (await request(hub.http).get(`/v1/images/${id}`).set('Cookie', cookie).expect(200)).body,
    );
    expect(after.result?.altText).toBe('Chelsea, a tabby cat, looking up from the floor');
    expect(after.result?.tags.map((tag) => tag.label)).toEqual(['cat', 'tabby']);
    expect(after.result?.editedFields).toEqual(['altText', 'tags']);
    expect(after.result?.title).toBe(before.result?.title);
    expect(after.result?.description).toBe(before.result?.description);
  });

  it('accepts an API key as well as a session, and keeps earlier edits marked', async () => {
    const { cookie, apiKey } = await newAccount(hub);
    const { id } = await taggedImage(cookie);
    await request(hub.http).patch(`/v1/images/${id}`).set('Cookie', cookie).send({ title: 'Chelsea' }).expect(200);
    const edited = await request(hub.http)
      .patch(`/v1/images/${id}`)
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ altText: 'A tabby cat' })
      .expect(200);
    expect(edited.body.result).toMatchObject({
      title: 'Chelsea',
      altText: 'A tabby cat',
      editedFields: ['altText', 'title'],
    });
  });

  it('refuses an empty edit, unknown fields, and images of other owners', async () => {
    const owner = await newAccount(hub);
    const stranger = await newAccount(hub);
    const { id } = await taggedImage(owner.cookie);
    const empty = await request(hub.http).patch(`/v1/images/${id}`).set('Cookie', owner.cookie).send({}).expect(400);
    expect(empty.body.error.message).toContain('at least one of altText, title, tags');
    await request(hub.http)
      .patch(`/v1/images/${id}`)
      .set('Cookie', owner.cookie)
      .send({ altText: 'x', colors: [] })
      .expect(400);
    await request(hub.http)
      .patch(`/v1/images/${id}`)
      .set('Cookie', stranger.cookie)
      .send({ altText: 'mine now' })
      .expect(404);
    const unchanged = await request(hub.http).get(`/v1/images/${id}`).set('Cookie', owner.cookie).expect(200);
    expect(unchanged.body.result.altText).not.toBe('mine now');
    expect(unchanged.body.result.editedFields).toEqual([]);
  });
});
