import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { detectLanguage, FALLBACK_LANGUAGE } from './detect-language';
import { intlLocaleOf } from '../../../shared/i18n/format';
import type { LocaleMessages } from './messages';
import en from './locales/en';

/**
 * Languages are the files in ./locales: adding one is adding a file named by its language tag
 * (ko.ts, zh-Hant.ts). English is bundled as the fallback; the others load when chosen.
 */
const lazyLocales = import.meta.glob<LocaleMessages>(['./locales/*.ts', '!./locales/en.ts'], {
  import: 'default',
});
const STORAGE_KEY = 'seatrush.language';

export const LANGUAGES: readonly string[] = [
  FALLBACK_LANGUAGE,
  ...Object.keys(lazyLocales).map((path) => path.replace('./locales/', '').replace(/\.ts$/, '')),
];

export async function initI18n(): Promise<void> {
  const initial = detectLanguage(readStoredLanguage(), navigator.languages ?? [], LANGUAGES);
  await i18next.use(initReactI18next).init({
    resources: { [FALLBACK_LANGUAGE]: { translation: en } },
    lng: FALLBACK_LANGUAGE,
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false }, // React escapes
    react: { useSuspense: false },
  });
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    document.documentElement.dir = i18next.dir(language);
  });
  document.documentElement.lang = FALLBACK_LANGUAGE;
  if (initial !== FALLBACK_LANGUAGE) await changeLanguage(initial, false);
}

let latestChange = 0;

/**
 * Switches the UI language, loading its file first; remembers an explicit choice. Answers false
 * when a later call overtook this one while its file loaded (the later choice is the one shown).
 */
export async function changeLanguage(language: string, remember = true): Promise<boolean> {
  const change = ++latestChange;
  const load = lazyLocales[`./locales/${language}.ts`];
  if (load && !i18next.hasResourceBundle(language, 'translation')) {
    const messages = await load();
    if (!i18next.hasResourceBundle(language, 'translation')) {
      i18next.addResourceBundle(language, 'translation', messages);
    }
  }
  if (change !== latestChange) return false;
  await i18next.changeLanguage(language);
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }
  return true;
}

/** The Intl locale for formatting in the current language. */
export function currentIntlLocale(): string {
  return intlLocaleOf(i18next.language || FALLBACK_LANGUAGE);
}

/** The language this browser's fan chose explicitly, if any. */
export function readStoredLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
