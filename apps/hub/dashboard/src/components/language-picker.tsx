import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, LANGUAGES } from '@tagphoto/contracts/languages';
import { chooseLanguage, currentLanguage } from '../i18n/i18n';

/** The dashboard's language, each named in itself; the choice stays on this browser. */
export function LanguagePicker() {
  const { t } = useTranslation();
  return (
    <div className="language-picker">
      <label htmlFor="dashboard-language">{t('shell.language')}</label>
      <select
        id="dashboard-language"
        value={currentLanguage()}
        onChange={(event) => chooseLanguage(event.currentTarget.value)}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </div>
  );
}
