// @wordpress/api-fetch bundled into the plugin, pointed at this site's REST root with the logged-in user's nonce.
import apiFetch from '@wordpress/api-fetch';

const config = window.tagphotoConfig || {};
apiFetch.use(apiFetch.createRootURLMiddleware(config.root));
apiFetch.use(apiFetch.createNonceMiddleware(config.nonce));

export const tagphoto = {
  attachment: (id) => apiFetch({ path: `/tagphoto/v1/attachments/${id}` }),
  generate: (id, force) =>
    apiFetch({ path: `/tagphoto/v1/attachments/${id}/generate`, method: 'POST', data: { force } }),
  review: (id, decision, altText) =>
    apiFetch({ path: `/tagphoto/v1/attachments/${id}/review`, method: 'POST', data: { decision, altText } }),
  testConnection: () => apiFetch({ path: '/tagphoto/v1/test-connection', method: 'POST' }),
  backfill: () => apiFetch({ path: '/tagphoto/v1/backfill' }),
  controlBackfill: (action) => apiFetch({ path: '/tagphoto/v1/backfill', method: 'POST', data: { action } }),
  stepBackfill: () => apiFetch({ path: '/tagphoto/v1/backfill/step', method: 'POST' }),
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the image and waits for the hub's callback to land (about a minute at most). */
export async function generateAltText(id, force) {
  let state = await tagphoto.generate(id, force);
  for (let round = 0; round < 60 && !['done', 'failed'].includes(state.status); round += 1) {
    await sleep(1000);
    state = await tagphoto.attachment(id);
  }
  return state;
}
