import { useEffect, useState, type FormEvent } from 'react';
import type { PrivacyView, Retention } from '@tagphoto/contracts';
import { answer, hub, messageOf } from '../api';
import { Notice, Page } from '../components/page';
import { useSession } from '../session';
import { formText } from '../form-text';

type Mode = Retention['mode'];

function retentionFrom(form: FormData): Retention {
  const mode = formText(form, 'retention') as Mode;
  if (mode === 'days')
    return { mode, days: Number(form.get('days')), deleteResults: form.get('deleteResults') === 'on' };
  return { mode };
}

function SettingsForm({ settings, onSaved }: { settings: PrivacyView; onSaved: (settings: PrivacyView) => void }) {
  const [mode, setMode] = useState<Mode>(settings.retention.mode);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      const saved = await answer(
        hub.PUT('/v1/account/privacy', {
          body: {
            retention: retentionFrom(form),
            analyticsOptOut: form.get('analyticsOptOut') === 'on',
            marketingOptOut: form.get('marketingOptOut') === 'on',
            ...(settings.visionBackend && { builtInModelsOnly: form.get('builtInModelsOnly') === 'on' }),
          },
        }),
      );
      onSaved(saved);
      setError(undefined);
      setNotice('Privacy settings saved.');
    } catch (caught) {
      setNotice(undefined);
      setError(messageOf(caught));
    }
  };

  const days = settings.retention.mode === 'days' ? settings.retention : { days: 30, deleteResults: false };
  return (
    <form className="stack" onSubmit={(event) => void save(event)}>
      <fieldset>
        <legend>How long your images are kept</legend>
        <div className="radio">
          <input
            id="retention-delete"
            type="radio"
            name="retention"
            value="delete_after_processing"
            checked={mode === 'delete_after_processing'}
            onChange={() => setMode('delete_after_processing')}
          />
          <label htmlFor="retention-delete">Delete each image as soon as it is tagged (the result stays)</label>
        </div>
        <div className="radio">
          <input
            id="retention-days"
            type="radio"
            name="retention"
            value="days"
            checked={mode === 'days'}
            onChange={() => setMode('days')}
          />
          <label htmlFor="retention-days">Keep images for a number of days</label>
        </div>
        {mode === 'days' && (
          <div className="nested stack">
            <label htmlFor="retention-day-count">Days to keep images</label>
            <input
              id="retention-day-count"
              name="days"
              type="number"
              min={1}
              max={3650}
              defaultValue={days.days}
              required
            />
            <div className="checkbox">
              <input
                id="retention-delete-results"
                name="deleteResults"
                type="checkbox"
                defaultChecked={days.deleteResults}
              />
              <label htmlFor="retention-delete-results">Delete the tagging results with the images</label>
            </div>
          </div>
        )}
        <div className="radio">
          <input
            id="retention-keep"
            type="radio"
            name="retention"
            value="keep"
            checked={mode === 'keep'}
            onChange={() => setMode('keep')}
          />
          <label htmlFor="retention-keep">Keep images until I delete them</label>
        </div>
      </fieldset>
      <div className="checkbox">
        <input
          id="analytics-opt-out"
          name="analyticsOptOut"
          type="checkbox"
          defaultChecked={settings.analyticsOptOut}
        />
        <label htmlFor="analytics-opt-out">Do not count my usage in analytics</label>
      </div>
      <div className="checkbox">
        <input
          id="marketing-opt-out"
          name="marketingOptOut"
          type="checkbox"
          defaultChecked={settings.marketingOptOut}
        />
        <label htmlFor="marketing-opt-out">Do not send me marketing</label>
      </div>
      {settings.visionBackend && (
        <fieldset>
          <legend>Captions</legend>
          <p data-testid="vision-notice">{settings.visionBackend.notice}</p>
          <div className="checkbox">
            <input
              id="built-in-models-only"
              name="builtInModelsOnly"
              type="checkbox"
              defaultChecked={settings.builtInModelsOnly}
            />
            <label htmlFor="built-in-models-only">Built-in models only: never send my images to the vision model</label>
          </div>
        </fieldset>
      )}
      <button type="submit">Save privacy settings</button>
      {notice && <Notice kind="status">{notice}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
    </form>
  );
}

function DeleteAccount() {
  const { signedOut } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const remove = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    try {
      await answer(hub.DELETE('/v1/account', { body: { password: formText(form, 'password') } }));
      signedOut('Your account and everything in it were deleted.');
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };

  return (
    <form className="stack narrow danger" onSubmit={(event) => void remove(event)}>
      <p>This deletes your account, every image and result, your keys, connections and logs. It cannot be undone.</p>
      <label htmlFor="delete-password">Your password</label>
      <input id="delete-password" name="password" type="password" autoComplete="current-password" required />
      <div className="checkbox">
        <input id="delete-confirm" name="confirm" type="checkbox" required />
        <label htmlFor="delete-confirm">I understand that everything is deleted for good</label>
      </div>
      <button type="submit" className="button-danger" disabled={busy}>
        Delete my account
      </button>
      {error && <Notice kind="error">{error}</Notice>}
    </form>
  );
}

export function PrivacyPage() {
  const [settings, setSettings] = useState<PrivacyView>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    answer(hub.GET('/v1/account/privacy'))
      .then(setSettings)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, []);

  return (
    <Page title="Privacy & account">
      <section aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">Privacy settings</h2>
        {error && <Notice kind="error">{error}</Notice>}
        {settings && <SettingsForm settings={settings} onSaved={setSettings} />}
      </section>
      <section aria-labelledby="export-heading">
        <h2 id="export-heading">Export</h2>
        <p>A zip of everything: your images, their results, settings, usage and security log.</p>
        <a className="button" href="/v1/account/export" download="tagphoto-export.zip">
          Download all my data
        </a>
      </section>
      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete account</h2>
        <DeleteAccount />
      </section>
    </Page>
  );
}
