import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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

const loadKeys = () => hub.GET('/v1/api-keys');

export function ApiKeysPage() {
  const { t, i18n } = useTranslation();
  const when = (iso: string | null): string =>
    iso ? new Date(iso).toLocaleString(i18n.language) : t('settings.apiKeys.never');
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
    if (!window.confirm(t('settings.apiKeys.confirmRevoke', { name: key.name }))) return;
    try {
      await answer(hub.DELETE('/v1/api-keys/{id}', { params: { path: { id: key.id } } }));
      load();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <Page title={t('settings.apiKeys.title')}>
      <p>{t('settings.apiKeys.intro')}</p>
      {error && <Notice kind="error">{error}</Notice>}
      <form className="inline-form" onSubmit={(event) => void create(event)}>
        <label htmlFor="key-name">{t('settings.apiKeys.nameLabel')}</label>
        <input id="key-name" name="name" required maxLength={100} placeholder={t('settings.apiKeys.namePlaceholder')} />
        <button type="submit">{t('settings.apiKeys.create')}</button>
      </form>
      {created && (
        <div className="panel" role="status">
          <p>
            <Trans
              i18nKey="settings.apiKeys.created"
              values={{ name: created.name }}
              components={{ strong: <strong /> }}
            />
          </p>
          <label htmlFor="created-key">{t('settings.apiKeys.newKey')}</label>
          <input id="created-key" readOnly value={created.key} onFocus={(event) => event.currentTarget.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(created.key)}>
            {t('settings.apiKeys.copy')}
          </button>
        </div>
      )}
      {keys?.length === 0 && <p>{t('settings.apiKeys.noKeys')}</p>}
      {keys && keys.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('settings.apiKeys.caption')}</caption>
          <TableHead
            columns={[
              t('settings.apiKeys.columns.name'),
              t('settings.apiKeys.columns.prefix'),
              t('settings.apiKeys.columns.created'),
              t('settings.apiKeys.columns.lastUsed'),
              t('settings.apiKeys.columns.status'),
            ]}
            actions
          />
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{`${key.prefix}…`}</code>
                </td>
                <td>{when(key.createdAt)}</td>
                <td>{when(key.lastUsedAt)}</td>
                <td>
                  {key.revokedAt
                    ? t('settings.apiKeys.revoked', { date: when(key.revokedAt) })
                    : t('settings.apiKeys.active')}
                </td>
                <td>
                  {!key.revokedAt && (
                    <button
                      type="button"
                      onClick={() => void revoke(key)}
                      aria-label={t('settings.apiKeys.revokeLabel', { name: key.name })}
                    >
                      {t('settings.apiKeys.revoke')}
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
