/**
 * What the security log records: the one list the hub's audit repository and the dashboard's security-log page
 * (which says each in words) derive from. Free of zod so the dashboard can import it without bundling a validator.
 */
export const AUDIT_EVENT_TYPES = [
  'account.created',
  'signup.email_in_use',
  'login.succeeded',
  'login.failed',
  'password_check.failed',
  'password_check.refused',
  'api_key.created',
  'api_key.revoked',
  'privacy.updated',
  'account.exported',
  'image.deleted',
  'connection.added',
  'connection.removed',
  'webhook_endpoint.created',
  'webhook_endpoint.deleted',
  'webhook_endpoint.secret_rotated',
  'webhook_endpoint.disabled',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
