import { useTranslation } from 'react-i18next';
import type { AuditEventView } from '@tagphoto/contracts';
import { hub } from '../api';
import { auditEventText } from '../audit-event-text';
import { useApiGet } from '../use-api-get';
import { Notice, Page } from '../components/page';
import { TableHead } from '../components/table-head';

const loadEvents = () => hub.GET('/v1/audit-events');

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const { data: events, error } = useApiGet<AuditEventView[]>(loadEvents);

  return (
    <Page title={t('settings.audit.title')}>
      <p>{t('settings.audit.intro')}</p>
      {error && <Notice kind="error">{error}</Notice>}
      {events && (
        <table>
          <caption className="visually-hidden">{t('settings.audit.caption')}</caption>
          <TableHead columns={[t('settings.audit.columns.when'), t('settings.audit.columns.what')]} />
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>{new Date(event.createdAt).toLocaleString(i18n.language)}</td>
                <td>{auditEventText(event, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
