import { useCallback, useState, type FormEvent } from 'react';
import type { ConnectionView, Language, SlackStatus } from '@tagphoto/contracts';
import { LANGUAGE_NAMES, LANGUAGES } from '@tagphoto/contracts/languages';
import { answer, hub, messageOf } from '../api';
import { formText } from '../form-text';
import { useApiGet } from '../use-api-get';
import { Choice, Notice } from './page';

/** A Slack workspace's settings: the language its images are tagged in, and whether results go to the image's thread. */
export function SlackSettings({ connection }: { connection: ConnectionView }) {
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
      setNotice('Slack settings saved: the next /tag uses them.');
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
      <h3 id={headingId}>Slack workspace {status?.workspace ?? connection.externalAccount}</h3>
      {error && <Notice kind="error">{error}</Notice>}
      {notice && <Notice kind="status">{notice}</Notice>}
      {status && (
        <form className="stack" onSubmit={(event) => void save(event)}>
          <label htmlFor={id('language')}>Language of the alt text and tags</label>
          <select id={id('language')} name="language" defaultValue={status.settings.language}>
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {LANGUAGE_NAMES[language]}
              </option>
            ))}
          </select>
          <p className="hint">Someone can still ask for another one: /tag with a language code, e.g. /tag fr.</p>
          <Choice
            id={id('thread')}
            type="checkbox"
            name="postInThread"
            defaultChecked={status.settings.postInThread}
            label="Also post the alt text in the thread of the image's message, for everyone in the channel"
          />
          {!status.canPostInThread && (
            <Notice kind="status">
              This workspace added TagPhoto before it could post in channels: connect Slack again below to allow it.
            </Notice>
          )}
          <div>
            <button type="submit">Save Slack settings</button>
          </div>
        </form>
      )}
    </section>
  );
}
