import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
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
      setNotice(t('settings.privacy.saved'));
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
        <legend>{t('settings.privacy.retentionLegend')}</legend>
        {retentionChoice('delete_after_processing', t('settings.privacy.deleteAfterProcessing'))}
        {retentionChoice('days', t('settings.privacy.keepDays'))}
        {mode === 'days' && (
          <div className="nested stack">
            <label htmlFor="retention-day-count">{t('settings.privacy.dayCount')}</label>
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
              label={t('settings.privacy.deleteResults')}
            />
          </div>
        )}
        {retentionChoice('keep', t('settings.privacy.keep'))}
      </fieldset>
      <Choice
        id="analytics-opt-out"
        name="analyticsOptOut"
        type="checkbox"
        defaultChecked={settings.analyticsOptOut}
        label={t('settings.privacy.analyticsOptOut')}
      />
      <Choice
        id="marketing-opt-out"
        name="marketingOptOut"
        type="checkbox"
        defaultChecked={settings.marketingOptOut}
        label={t('settings.privacy.marketingOptOut')}
      />
      {settings.visionBackend && (
        <fieldset>
          <legend>{t('settings.privacy.captions')}</legend>
          <p data-testid="vision-notice">{settings.visionBackend.notice}</p>
          <Choice
            id="built-in-models-only"
            name="builtInModelsOnly"
            type="checkbox"
            defaultChecked={settings.builtInModelsOnly}
            label={t('settings.privacy.builtInModelsOnly')}
          />
        </fieldset>
      )}
      <button type="submit">{t('settings.privacy.save')}</button>
      {notice && <Notice kind="status">{notice}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
    </form>
  );
}

function DeleteAccount() {
  const { t } = useTranslation();
  const { signedOut } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const remove = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    try {
      await answer(hub.DELETE('/v1/account', { body: { password: formText(form, 'password') } }));
      signedOut(t('settings.privacy.deleted'));
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };

  return (
    <form className="stack narrow danger" onSubmit={(event) => void remove(event)}>
      <p>{t('settings.privacy.deleteWarning')}</p>
      <label htmlFor="delete-password">{t('settings.privacy.password')}</label>
      <input id="delete-password" name="password" type="password" autoComplete="current-password" required />
      <Choice id="delete-confirm" name="confirm" type="checkbox" required label={t('settings.privacy.confirmDelete')} />
      <button type="submit" className="button-danger" disabled={busy}>
        {t('settings.privacy.deleteAccount')}
      </button>
      {error && <Notice kind="error">{error}</Notice>}
    </form>
  );
}

export function PrivacyPage() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<PrivacyView>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    answer(hub.GET('/v1/account/privacy'))
      .then(setSettings)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, []);

  return (
    <Page title={t('settings.privacy.title')}>
      <section aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">{t('settings.privacy.settingsHeading')}</h2>
        {error && <Notice kind="error">{error}</Notice>}
        {settings && <SettingsForm settings={settings} onSaved={setSettings} />}
      </section>
      <section aria-labelledby="export-heading">
        <h2 id="export-heading">{t('settings.privacy.exportHeading')}</h2>
        <p>{t('settings.privacy.exportText')}</p>
        <a className="button" href="/v1/account/export" download="tagphoto-export.zip">
          {t('settings.privacy.download')}
        </a>
      </section>
      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">{t('settings.privacy.deleteHeading')}</h2>
        <DeleteAccount />
      </section>
    </Page>
  );
}
