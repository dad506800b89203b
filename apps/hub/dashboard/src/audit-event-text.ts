import type { TFunction } from 'i18next';
import type { AuditEventType, AuditEventView } from '@tagphoto/contracts';
import { connectorName } from './connector-names';

type Detail = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

const provider = (detail: Detail): string => connectorName(text(detail.provider));

/** "Shopify connected", with the account at the provider when the entry names it. */
function connection(t: TFunction, detail: Detail, added: boolean): string {
  const service = provider(detail);
  if (!detail.account) {
    return added
      ? t('settings.audit.events.connectionAdded', { service })
      : t('settings.audit.events.connectionRemoved', { service });
  }
  const account = text(detail.account);
  return added
    ? t('settings.audit.events.connectionAddedAccount', { service, account })
    : t('settings.audit.events.connectionRemovedAccount', { service, account });
}

/** The retention the privacy settings were changed to, as the hub records it: a mode, or "<n> days". */
function privacyChanged(t: TFunction, detail: Detail): string {
  const retention = text(detail.retention);
  if (retention === 'delete_after_processing') return t('settings.audit.events.privacyDeleteAfterProcessing');
  if (retention === 'keep') return t('settings.audit.events.privacyKeep');
  const days = /^(\d+) days$/.exec(retention);
  return days
    ? t('settings.audit.events.privacyDays', { count: Number(days[1]) })
    : t('settings.audit.events.privacyOther', { retention });
}

/** Each security-log entry as a person reads it; the compiler checks that every recorded type has its sentence. */
const SENTENCES: Record<AuditEventType, (t: TFunction, detail: Detail) => string> = {
  'account.created': (t) => t('settings.audit.events.accountCreated'),
  'signup.email_in_use': (t) => t('settings.audit.events.signupEmailInUse'),
  'login.succeeded': (t) => t('settings.audit.events.loginSucceeded'),
  'login.failed': (t) => t('settings.audit.events.loginFailed'),
  'password_check.failed': (t, detail) =>
    detail.purpose === 'account_deletion'
      ? t('settings.audit.events.passwordCheckFailedDeletion')
      : t('settings.audit.events.passwordCheckFailed'),
  'password_check.refused': (t, detail) =>
    detail.purpose === 'account_deletion'
      ? t('settings.audit.events.passwordCheckRefusedDeletion')
      : t('settings.audit.events.passwordCheckRefused'),
  'api_key.created': (t, detail) =>
    t('settings.audit.events.apiKeyCreated', { name: text(detail.name), prefix: text(detail.prefix) }),
  'api_key.revoked': (t) => t('settings.audit.events.apiKeyRevoked'),
  'privacy.updated': privacyChanged,
  'account.exported': (t, detail) => t('settings.audit.events.accountExported', { count: Number(detail.images) }),
  'image.deleted': (t) => t('settings.audit.events.imageDeleted'),
  'connection.added': (t, detail) => connection(t, detail, true),
  'connection.removed': (t, detail) => connection(t, detail, false),
  'webhook_endpoint.created': (t) => t('settings.audit.events.webhookEndpointCreated'),
  'webhook_endpoint.deleted': (t) => t('settings.audit.events.webhookEndpointDeleted'),
  'webhook_endpoint.secret_rotated': (t, detail) =>
    detail.id === 'callbacks'
      ? t('settings.audit.events.callbackSecretRotated')
      : t('settings.audit.events.endpointSecretRotated'),
  'webhook_endpoint.disabled': (t, detail) =>
    t('settings.audit.events.webhookEndpointDisabled', { reason: text(detail.reason) }),
};

/**
 * The entry in words, in the language of `t`; a type this dashboard does not know yet is shown as recorded, with
 * its details.
 */
export function auditEventText(event: Pick<AuditEventView, 'type' | 'detail'>, t: TFunction): string {
  const sentence = SENTENCES[event.type as AuditEventType];
  if (sentence) return sentence(t, event.detail);
  const details = Object.entries(event.detail).map(([key, value]) => `${key}: ${text(value)}`);
  return [event.type, ...details].join(', ');
}
