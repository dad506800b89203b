import { AUDIT_EVENT_TYPES } from '@tagphoto/contracts';
import { auditEventText } from './audit-event-text';
import { translator } from './i18n/translator';

const t = translator('en');

describe('the security log in words', () => {
  it('says every recorded type in a sentence, never as its code', () => {
    for (const type of AUDIT_EVENT_TYPES) {
      const sentence = auditEventText({ type, detail: { id: 'a1', provider: 'slack', reason: 'gone', images: 2 } }, t);
      expect([type, sentence]).toEqual([type, expect.stringMatching(/^[A-Z]/)]);
      expect(sentence).not.toContain(type);
    }
  });

  it('names what the details say: the key, the service and account, the retention', () => {
    expect(
      auditEventText({ type: 'api_key.created', detail: { id: 'k1', name: 'Shop sync', prefix: 'tp_live_ab12' } }, t),
    ).toBe('API key “Shop sync” created (starts tp_live_ab12)');
    expect(
      auditEventText(
        { type: 'connection.added', detail: { provider: 'google-drive', account: 'owner@example.com' } },
        t,
      ),
    ).toBe('Google Drive connected (owner@example.com)');
    expect(auditEventText({ type: 'privacy.updated', detail: { retention: '30 days' } }, t)).toBe(
      'Privacy settings changed: images kept for 30 days',
    );
    expect(auditEventText({ type: 'privacy.updated', detail: { retention: 'delete_after_processing' } }, t)).toBe(
      'Privacy settings changed: images deleted right after tagging',
    );
    expect(auditEventText({ type: 'password_check.failed', detail: { purpose: 'account_deletion' } }, t)).toBe(
      'Wrong password given to delete the account',
    );
  });

  it('writes the English the dashboard has always shown, whatever the numbers', () => {
    expect(auditEventText({ type: 'account.exported', detail: { images: 2 } }, t)).toBe(
      'Account data exported (2 images)',
    );
    expect(auditEventText({ type: 'connection.removed', detail: { provider: 'slack' } }, t)).toBe('Slack disconnected');
    expect(auditEventText({ type: 'password_check.refused', detail: { purpose: 'other' } }, t)).toBe(
      'Password check refused after too many wrong attempts',
    );
    expect(auditEventText({ type: 'webhook_endpoint.secret_rotated', detail: { id: 'callbacks' } }, t)).toBe(
      'Signing secret of the per-request callbacks rotated',
    );
  });

  it('says one day and one image in the singular', () => {
    expect(auditEventText({ type: 'privacy.updated', detail: { retention: '1 days' } }, t)).toBe(
      'Privacy settings changed: images kept for 1 day',
    );
    expect(auditEventText({ type: 'account.exported', detail: { images: 1 } }, t)).toBe(
      'Account data exported (1 image)',
    );
  });

  it('speaks the dashboard’s language, with the singular and plural of each', () => {
    const de = translator('de');
    expect(auditEventText({ type: 'api_key.created', detail: { name: 'Shop sync', prefix: 'tp_live_ab12' } }, de)).toBe(
      'API-Schlüssel „Shop sync“ erstellt (beginnt mit tp_live_ab12)',
    );
    expect(auditEventText({ type: 'privacy.updated', detail: { retention: '1 days' } }, de)).toBe(
      'Datenschutzeinstellungen geändert: Bilder werden 1 Tag aufbewahrt',
    );
    expect(auditEventText({ type: 'privacy.updated', detail: { retention: '30 days' } }, de)).toBe(
      'Datenschutzeinstellungen geändert: Bilder werden 30 Tage aufbewahrt',
    );
    expect(auditEventText({ type: 'account.exported', detail: { images: 1 } }, de)).toBe(
      'Kontodaten exportiert (1 Bild)',
    );
    expect(
      auditEventText(
        { type: 'connection.added', detail: { provider: 'google-drive', account: 'owner@example.com' } },
        de,
      ),
    ).toBe('Google Drive verbunden (owner@example.com)');
    expect(auditEventText({ type: 'account.exported', detail: { images: 1 } }, translator('fr'))).toBe(
      'Données du compte exportées (1 image)',
    );
    // A type it does not know stays as recorded, in any language.
    expect(auditEventText({ type: 'future.event', detail: { count: 3 } }, de)).toBe('future.event, count: 3');
  });

  it('shows a type it does not know as recorded, with its details', () => {
    expect(auditEventText({ type: 'future.event', detail: { count: 3 } }, t)).toBe('future.event, count: 3');
  });
});
