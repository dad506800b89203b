import { useEffect, useState, type FormEvent } from 'react';
import type { PrivacyView, Retention } from '@tagphoto/contracts';
import { answer, hub, messageOf } from '../api';
import { Choice, Notice, Page } from '../components/page';
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
  const retentionChoice = (value: Mode, label: string) => (
    <Choice
      id={`retention-${value}`}
      type="radio"
      name="retention"
      value={value}
      checked={mode === value}
      onChange={() => setMode(value)}
      label={label}
    />
  );
  return (
    <form className="stack" onSubmit={(event) => void save(event)}>
      <fieldset>
        <legend>How long your images are kept</legend>
        {retentionChoice('delete_after_processing', 'Delete each image as soon as it is tagged (the result stays)')}
        {retentionChoice('days', 'Keep images for a number of days')}
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
            <Choice
              id="retention-delete-results"
              name="deleteResults"
              type="checkbox"
              defaultChecked={days.deleteResults}
              label="Delete the tagging results with the images"
            />
          </div>
        )}
        {retentionChoice('keep', 'Keep images until I delete them')}
      </fieldset>
      <Choice
        id="analytics-opt-out"
        name="analyticsOptOut"
        type="checkbox"
        defaultChecked={settings.analyticsOptOut}
        label="Do not count my usage in analytics"
      />
      <Choice
        id="marketing-opt-out"
        name="marketingOptOut"
        type="checkbox"
        defaultChecked={settings.marketingOptOut}
        label="Do not send me marketing"
      />
      {settings.visionBackend && (
        <fieldset>
          <legend>Captions</legend>
          <p data-testid="vision-notice">{settings.visionBackend.notice}</p>
          <Choice
            id="built-in-models-only"
            name="builtInModelsOnly"
            type="checkbox"
            defaultChecked={settings.builtInModelsOnly}
            label="Built-in models only: never send my images to the vision model"
          />
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
      <Choice
        id="delete-confirm"
        name="confirm"
        type="checkbox"
        required
        label="I understand that everything is deleted for good"
      />
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
