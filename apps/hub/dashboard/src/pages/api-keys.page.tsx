import { useState, type FormEvent } from 'react';
import type { ApiKeyView } from '@tagphoto/contracts';
import { answer, hub, messageOf } from '../api';
import { Notice, Page } from '../components/page';
import { useApiGet } from '../use-api-get';
import { formText } from '../form-text';
import { TableHead } from '../components/table-head';

interface CreatedKey {
  id: string;
  name: string;
  key: string;
  prefix: string;
}

const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : 'Never');

const loadKeys = () => hub.GET('/v1/api-keys');

export function ApiKeysPage() {
  const { data: keys, error, setError, reload: load } = useApiGet<ApiKeyView[]>(loadKeys);
  const [created, setCreated] = useState<CreatedKey>();

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const name = formText(new FormData(formElement), 'name');
    try {
      setCreated(await answer(hub.POST('/v1/api-keys', { body: { name } })));
      formElement.reset();
      setError(undefined);
      load();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const revoke = async (key: ApiKeyView) => {
    if (!window.confirm(`Revoke the key “${key.name}”? Anything using it stops working.`)) return;
    try {
      await answer(hub.DELETE('/v1/api-keys/{id}', { params: { path: { id: key.id } } }));
      load();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <Page title="API keys">
      <p>
        API keys let the WordPress and Figma plugins and your own code tag images. Images sent with a key are not
        stored.
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      <form className="inline-form" onSubmit={(event) => void create(event)}>
        <label htmlFor="key-name">Name of the new key</label>
        <input id="key-name" name="name" required maxLength={100} placeholder="e.g. my WordPress site" />
        <button type="submit">Create key</button>
      </form>
      {created && (
        <div className="panel" role="status">
          <p>
            Your new key <strong>{created.name}</strong>. Copy it now: it is shown only this once.
          </p>
          <label htmlFor="created-key">New API key</label>
          <input id="created-key" readOnly value={created.key} onFocus={(event) => event.currentTarget.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(created.key)}>
            Copy key
          </button>
        </div>
      )}
      {keys?.length === 0 && <p>No keys yet.</p>}
      {keys && keys.length > 0 && (
        <table>
          <caption className="visually-hidden">Your API keys</caption>
          <TableHead columns={['Name', 'Starts with', 'Created', 'Last used', 'Status']} actions />
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{when(key.createdAt)}</td>
                <td>{when(key.lastUsedAt)}</td>
                <td>{key.revokedAt ? `Revoked ${when(key.revokedAt)}` : 'Active'}</td>
                <td>
                  {!key.revokedAt && (
                    <button type="button" onClick={() => void revoke(key)} aria-label={`Revoke key ${key.name}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
