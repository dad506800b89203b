import type { AuditEventView } from '@tagphoto/contracts';
import { hub } from '../api';
import { auditEventText } from '../audit-event-text';
import { useApiGet } from '../use-api-get';
import { Notice, Page } from '../components/page';
import { TableHead } from '../components/table-head';

const loadEvents = () => hub.GET('/v1/audit-events');

export function AuditPage() {
  const { data: events, error } = useApiGet<AuditEventView[]>(loadEvents);

  return (
    <Page title="Security log">
      <p>Sign-ins, keys, exports and privacy changes on your account, newest first.</p>
      {error && <Notice kind="error">{error}</Notice>}
      {events && (
        <table>
          <caption className="visually-hidden">Security events</caption>
          <TableHead columns={['When', 'What happened']} />
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>{new Date(event.createdAt).toLocaleString()}</td>
                <td>{auditEventText(event)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
