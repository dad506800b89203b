import { AUDIT_EVENT_TYPES } from '@tagphoto/contracts';
import { auditEventText } from './audit-event-text';

describe('the security log in words', () => {
  it('says every recorded type in a sentence, never as its code', () => {
    for (const type of AUDIT_EVENT_TYPES) {
      const sentence = auditEventText({ type, detail: { id: 'a1', provider: 'slack', reason: 'gone', images: 2 } });
      expect([type, sentence]).toEqual([type, expect.stringMatching(/^[A-Z]/)]);
      expect(sentence).not.toContain(type);
    }
  });

  it('names what the details say: the key, the service and account, the retention', () => {
    expect(
      auditEventText({ type: 'api_key.created', detail: { id: 'k1', name: 'Shop sync', prefix: 'tp_live_ab12' } }),
    ).toBe('API key “Shop sync” created (starts tp_live_ab12)');
    expect(
      auditEventText({ type: 'connection.added', detail: { provider: 'google-drive', account: 'owner@example.com' } }),
    ).toBe('Google Drive connected (owner@example.com)');
    expect(auditEventText({ type: 'privacy.updated', detail: { retention: '30 days' } })).toBe(
      'Privacy settings changed: images kept for 30 days',
    );
    expect(auditEventText({ type: 'privacy.updated', detail: { retention: 'delete_after_processing' } })).toBe(
      'Privacy settings changed: images deleted right after tagging',
    );
    expect(auditEventText({ type: 'password_check.failed', detail: { purpose: 'account_deletion' } })).toBe(
      'Wrong password given to delete the account',
    );
  });

  it('shows a type it does not know as recorded, with its details', () => {
    expect(auditEventText({ type: 'future.event', detail: { count: 3 } })).toBe('future.event, count: 3');
  });
});
