import { useTranslation } from 'react-i18next';
import { isLanguage, LANGUAGE_NAMES } from '../../../shared/languages';
import { chooseLanguage } from './account-language';
import { LANGUAGES } from './i18n';

/** Each language is listed under its own name, so a fan can find theirs whatever is showing. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switcher">
      <span className="visually-hidden">{t('app.language')}</span>
      <select value={i18n.language} onChange={(event) => void chooseLanguage(event.target.value)}>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {isLanguage(language) ? LANGUAGE_NAMES[language] : language}
          </option>
        ))}
      </select>
    </label>
  );
}
