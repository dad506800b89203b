import request from 'supertest';
import type { TestHub } from '../support/hub';
import { FOLDER, notificationHeaders, serveConsent, serveWatch } from './drive-nock';

/** The changes channel Drive opened for the hub, as its notifications name it. */
export interface WatchedChannel {
  id: string;
  token: string;
  resourceId: string;
  expiration: number;
}

/**
 * Connects a Google account for the signed-in owner (consent, code exchange) and watches FOLDER from page token 100,
 * as the dashboard does; returns the connection and the channel Drive opened. (google-drive.e2e-spec.ts checks each
 * of these steps; this is the setup for suites that start from a watched folder.)
 */
export async function connectAndWatchFolder(
  hub: TestHub,
  cookie: string,
): Promise<{ connectionId: string; channel: WatchedChannel }> {
  const begin = await request(hub.http).get('/connect/google-drive').set('Cookie', cookie).expect(302);
  const state = new URL(begin.headers.location).searchParams.get('state')!;
  serveConsent();
  const back = await request(hub.http)
    .get('/connect/google-drive/callback')
    .query({ state, code: '4/0AbCd-code', scope: 'https://www.googleapis.com/auth/drive' })
    .set('Cookie', cookie)
    .expect(302);
  const connectionId = new URL(back.headers.location, 'https://hub.example.com').searchParams.get('connection')!;
  const watch = serveWatch('100');
  await request(hub.http)
    .put(`/v1/connections/${connectionId}/google-drive`)
    .set('Cookie', cookie)
    .send({ folders: [FOLDER] })
    .expect(200);
  const { id, token, expiration } = watch.watched!;
  return { connectionId, channel: { id, token, resourceId: 'o3hgv1538sdjfh', expiration: Number(expiration) } };
}

/** Google's push notification that something changed (no body), numbered `messageNumber`. */
export const notifyChange = (hub: TestHub, channel: WatchedChannel, messageNumber: number): request.Test =>
  request(hub.http)
    .post('/webhooks/google-drive')
    .set(notificationHeaders(channel, 'change', messageNumber));
