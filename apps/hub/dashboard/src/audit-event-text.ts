import type { AuditEventType, AuditEventView } from '@tagphoto/contracts';

type Detail = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

const PROVIDERS: Record<string, string> = {
  shopify: 'Shopify',
  'google-drive': 'Google Drive',
  slack: 'Slack',
  wordpress: 'WordPress',
};
const provider = (detail: Detail): string => PROVIDERS[text(detail.provider)] ?? text(detail.provider);
const account = (detail: Detail): string => (detail.account ? ` (${text(detail.account)})` : '');

const PURPOSES: Record<string, string> = { account_deletion: 'to delete the account' };
const purpose = (detail: Detail): string => PURPOSES[text(detail.purpose)] ?? '';

const RETENTION: Record<string, string> = {
  delete_after_processing: 'images deleted right after tagging',
  keep: 'images kept until you delete them',
};
const retention = (detail: Detail): string =>
  RETENTION[text(detail.retention)] ?? `images kept for ${text(detail.retention)}`;

const endpoint = (detail: Detail): string =>
  detail.id === 'callbacks' ? 'the per-request callbacks' : 'a webhook endpoint';

/** Each security-log entry as a person reads it; the compiler checks that every recorded type has its sentence. */
const SENTENCES: Record<AuditEventType, (detail: Detail) => string> = {
  'account.created': () => 'Account created',
  'signup.email_in_use': () => 'Someone tried to sign up again with this account’s email address',
  'login.succeeded': () => 'Signed in',
  'login.failed': () => 'A sign-in failed: wrong password',
  'password_check.failed': (detail) => `Wrong password given ${purpose(detail)}`.trim(),
  'password_check.refused': (detail) =>
    `Password check refused after too many wrong attempts ${purpose(detail)}`.trim(),
  'api_key.created': (detail) => `API key “${text(detail.name)}” created (starts ${text(detail.prefix)})`,
  'api_key.revoked': () => 'API key revoked',
  'privacy.updated': (detail) => `Privacy settings changed: ${retention(detail)}`,
  'account.exported': (detail) => `Account data exported (${text(detail.images)} images)`,
  'image.deleted': () => 'Image deleted',
  'connection.added': (detail) => `${provider(detail)} connected${account(detail)}`,
  'connection.removed': (detail) => `${provider(detail)} disconnected${account(detail)}`,
  'webhook_endpoint.created': () => 'Webhook endpoint added',
  'webhook_endpoint.deleted': () => 'Webhook endpoint removed',
  'webhook_endpoint.secret_rotated': (detail) => `Signing secret of ${endpoint(detail)} rotated`,
  'webhook_endpoint.disabled': (detail) => `Webhook endpoint turned off: ${text(detail.reason)}`,
};

/** The entry in words; a type this dashboard does not know yet is shown as recorded, with its details. */
export function auditEventText(event: Pick<AuditEventView, 'type' | 'detail'>): string {
  const sentence = SENTENCES[event.type as AuditEventType];
  if (sentence) return sentence(event.detail);
  const details = Object.entries(event.detail).map(([key, value]) => `${key}: ${text(value)}`);
  return [event.type, ...details].join(', ');
}
