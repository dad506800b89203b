/**
 * Every `error.code` the API answers with, in one list: the hub's errors are typed by it, the exception filter
 * answers only these, the OpenAPI document lists them, and clients can switch on them. A new code is added here.
 */
export const ERROR_CODES = [
  // Requests: shape, body and routing
  'invalid_request',
  'invalid_cursor',
  'invalid_url',
  'unsupported_media_type',
  'unsupported_charset',
  'unsupported_encoding',
  'payload_too_large',
  'empty_file',
  'not_found',
  'forbidden',
  'cross_site_request',
  'http_error',
  // Who is calling
  'unauthorized',
  'session_required',
  'invalid_credentials',
  'invalid_api_key',
  'revoked_api_key',
  'invalid_authorization',
  'too_many_attempts',
  'rate_limited',
  // Images
  'uploads_busy',
  'too_many_uploads',
  'unsupported_image',
  'corrupt_image',
  'image_too_large',
  'not_stored',
  'not_tagged',
  'tagging_in_progress',
  'missing_image',
  'invalid_idempotency_key',
  'idempotency_key_reused',
  'idempotency_key_in_progress',
  // CSV import and bulk operations
  'invalid_csv',
  'bulk_limit_exceeded',
  // Fetching a URL the caller named
  'url_not_allowed',
  'url_not_resolvable',
  'url_unreachable',
  'unsupported_url',
  'too_many_redirects',
  'too_large',
  'fetch_failed',
  'fetch_timeout',
  // Review before publish and the review queue
  'already_decided',
  'not_under_review',
  'invalid_id',
  // Webhooks
  'endpoint_disabled',
  'delivery_in_progress',
  // Connectors
  'invalid_oauth_state',
  'oauth_denied',
  'invalid_channel',
  'invalid_grant',
  'google_drive_not_configured',
  'shopify_not_configured',
  'shopify_oauth_invalid',
  'shopify_token_exchange_failed',
  'shopify_admin_error',
  'shopify_reauthorize',
  'invalid_shop',
  'shop_not_connected',
  'shop_connected_elsewhere',
  'webhook_shop_mismatch',
  'invalid_webhook_signature',
  'invalid_session_token',
  'missing_session_token',
  'site_connected_elsewhere',
  'slack_not_configured',
  'slack_signature_missing',
  'slack_signature_invalid',
  'slack_request_stale',
  'slack_install_failed',
  'slack_install_other_account',
  'slack_image_unavailable',
  'slack_listener_failed',
  'not_a_slack_connection',
  // The hub itself
  'unavailable',
  'database_unavailable',
  'queue_unavailable',
  'decryption_failed',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const isErrorCode = (value: string): value is ErrorCode => (ERROR_CODES as readonly string[]).includes(value);
