import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionView, Language, SlackStatus } from '@tagphoto/contracts';
import { LANGUAGE_NAMES, LANGUAGES } from '@tagphoto/contracts/languages';
import { answer, hub, messageOf } from '../api';
import { formText } from '../form-text';
import { useApiGet } from '../use-api-get';
import { Choice, Notice } from './page';

/** A Slack workspace's settings: the language its images are tagged in, and whether results go to the image's thread. */
export function SlackSettings({ connection }: { connection: ConnectionView }) {
  const { t } = useTranslation();
  const load = useCallback(
    () => hub.GET('/v1/connections/{id}/slack', { params: { path: { id: connection.id } } }),
    [connection.id],
  );
  const { data: status, error, setError, reload } = useApiGet<SlackStatus>(load);
  const [notice, setNotice] = useState<string>();

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      await answer(
        hub.PUT('/v1/connections/{id}/slack', {
          params: { path: { id: connection.id } },
          body: { language: formText(form, 'language') as Language, postInThread: form.get('postInThread') === 'on' },
        }),
      );
      setNotice(t('settings.slack.saved'));
      reload();
    } catch (caught) {
      setNotice(undefined);
      setError(messageOf(caught));
    }
  };

  const id = (name: string) => `slack-${name}-${connection.id}`;
  const headingId = id('heading');
  return (
    <section aria-labelledby={headingId} className="panel stack">
      <h3 id={headingId}>
        {t('settings.slack.heading', { workspace: status?.workspace ?? connection.externalAccount })}
      </h3>
      {error && <Notice kind="error">{error}</Notice>}
      {notice && <Notice kind="status">{notice}</Notice>}
      {status && (
        <form className="stack" onSubmit={(event) => void save(event)}>
          <label htmlFor={id('language')}>{t('settings.slack.language')}</label>
          <select id={id('language')} name="language" defaultValue={status.settings.language}>
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {LANGUAGE_NAMES[language]}
              </option>
            ))}
          </select>
          <p className="hint">{t('settings.slack.languageHint')}</p>
          <Choice
            id={id('thread')}
            type="checkbox"
            name="postInThread"
            defaultChecked={status.settings.postInThread}
            label={t('settings.slack.postInThread')}
          />
          {!status.canPostInThread && <Notice kind="status">{t('settings.slack.cannotPost')}</Notice>}
          <div>
            <button type="submit">{t('settings.slack.save')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
