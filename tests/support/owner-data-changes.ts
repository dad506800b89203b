/** Ids of one owner's data that a request by someone else (another account, another site's page) names. */
export interface TargetIds {
  imageId: string;
  /** An image of the owner's waiting in their review queue. */
  flaggedImageId: string;
  apiKeyId: string;
  connectionId: string;
  endpointId: string;
  deliveryId: string;
}

export interface RouteRequest {
  path: string;
  body?: Record<string, unknown>;
}

const WORDPRESS_SITE = 'http://127.0.0.1:9';

/**
 * The /v1 routes that change an owner's data, each with the request that would change it if the hub let it
 * through: `planted` is the alt text the request tries to plant. The owner-isolation suite sends these as another
 * account, the cross-site suite from another site's page; each adds the routes where the two attempts differ
 * (signing in, creating things, reading).
 */
export function ownerDataChanges(planted: string): Record<string, (ids: TargetIds) => RouteRequest> {
  return {
    'delete /v1/api-keys/{id}': ({ apiKeyId }) => ({ path: `/v1/api-keys/${apiKeyId}` }),
    'patch /v1/images/{id}': ({ imageId }) => ({ path: `/v1/images/${imageId}`, body: { altText: planted } }),
    'delete /v1/images/{id}': ({ imageId }) => ({ path: `/v1/images/${imageId}` }),
    // A re-tag in another language replaces the owner's result.
    'post /v1/images/{id}/retag': ({ imageId }) => ({ path: `/v1/images/${imageId}/retag`, body: { language: 'de' } }),
    'post /v1/images/bulk': ({ imageId }) => ({ path: '/v1/images/bulk', body: { action: 'delete', ids: [imageId] } }),
    'put /v1/account/privacy': () => ({
      path: '/v1/account/privacy',
      body: { retention: { mode: 'delete_after_processing' }, analyticsOptOut: true, marketingOptOut: true },
    }),
    'delete /v1/account': () => ({ path: '/v1/account', body: { password: 'a long enough password' } }),
    'delete /v1/connections/{id}': ({ connectionId }) => ({ path: `/v1/connections/${connectionId}` }),
    'put /v1/connections/{id}/google-drive': ({ connectionId }) => ({
      path: `/v1/connections/${connectionId}/google-drive`,
      body: { folders: ['plantedFolder'] },
    }),
    // Thread replies on would post the results of the owner's Slack workspace into its channels.
    'put /v1/connections/{id}/slack': ({ connectionId }) => ({
      path: `/v1/connections/${connectionId}/slack`,
      body: { language: 'de', postInThread: true },
    }),
    'post /v1/connections/{id}/google-drive/backfill': ({ connectionId }) => ({
      path: `/v1/connections/${connectionId}/google-drive/backfill`,
    }),
    'post /v1/connections/{id}/shopify/backfill': ({ connectionId }) => ({
      path: `/v1/connections/${connectionId}/shopify/backfill`,
    }),
    'delete /v1/webhooks/endpoints/{id}': ({ endpointId }) => ({ path: `/v1/webhooks/endpoints/${endpointId}` }),
    'post /v1/webhooks/endpoints/{id}/rotate-secret': ({ endpointId }) => ({
      path: `/v1/webhooks/endpoints/${endpointId}/rotate-secret`,
    }),
    'post /v1/webhooks/endpoints/{id}/replay-failed': ({ endpointId }) => ({
      path: `/v1/webhooks/endpoints/${endpointId}/replay-failed`,
      body: { since: '2000-01-01T00:00:00Z' },
    }),
    'post /v1/webhooks/deliveries/{id}/replay': ({ deliveryId }) => ({
      path: `/v1/webhooks/deliveries/${deliveryId}/replay`,
    }),
    'post /v1/webhooks/callback-secret/rotate': () => ({ path: '/v1/webhooks/callback-secret/rotate' }),
    // A decision by someone else would publish (or drop) an alt text the owner never saw.
    'post /v1/review/approve': ({ flaggedImageId }) => ({
      path: '/v1/review/approve',
      body: { ids: [flaggedImageId] },
    }),
    'post /v1/review/reject': ({ flaggedImageId }) => ({ path: '/v1/review/reject', body: { ids: [flaggedImageId] } }),
    'post /v1/review/edit': ({ flaggedImageId }) => ({
      path: '/v1/review/edit',
      body: { edits: [{ id: flaggedImageId, altText: planted }] },
    }),
    'post /v1/review/{id}/approve': ({ flaggedImageId }) => ({ path: `/v1/review/${flaggedImageId}/approve` }),
    'post /v1/review/{id}/reject': ({ flaggedImageId }) => ({ path: `/v1/review/${flaggedImageId}/reject` }),
    'post /v1/review/{id}/edit': ({ flaggedImageId }) => ({
      path: `/v1/review/${flaggedImageId}/edit`,
      body: { altText: planted },
    }),
    // An approval would hand someone else's WordPress site a key to the owner's account.
    'post /v1/wordpress/authorizations': () => ({
      path: '/v1/wordpress/authorizations',
      body: {
        siteUrl: WORDPRESS_SITE,
        redirectUri: `${WORDPRESS_SITE}/wp-admin/admin-post.php`,
        state: 'planted-state-0123456789',
        codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        codeChallengeMethod: 'S256',
      },
    }),
    'post /v1/wordpress/token': () => ({
      path: '/v1/wordpress/token',
      body: { siteUrl: WORDPRESS_SITE, code: 'x'.repeat(43), codeVerifier: 'y'.repeat(43) },
    }),
    'delete /v1/wordpress/site': () => ({ path: '/v1/wordpress/site' }),
  };
}
