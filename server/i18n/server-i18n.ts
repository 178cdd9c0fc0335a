import i18next, { type i18n, type TFunction } from 'i18next';
import type { ErrorCode } from '../../shared/errors';
import { ERROR_MESSAGES } from '../../shared/i18n/error-messages';
import { isLanguage, LANGUAGES, type Language } from '../../shared/languages';
import { MAIL_MESSAGES } from '../notify/locales';

export const SERVER_FALLBACK_LANGUAGE: Language = 'en';

/**
 * What the server says to fans, in their language: the error messages the app shows (shared with
 * it, shared/i18n/error-messages) and the messages it sends (server/notify/locales), through one
 * i18next instance of its own, so plurals follow i18next's rules as in the app.
 */
export class ServerI18n {
  /** getFixedT by language and namespace, made once: errors are worded on the hot path of holds. */
  private readonly fixed = new Map<string, TFunction>();

  private constructor(private readonly instance: i18n) {}

  static async create(): Promise<ServerI18n> {
    const instance = i18next.createInstance();
    await instance.init({
      resources: Object.fromEntries(
        LANGUAGES.map((language) => [
          language,
          { errors: ERROR_MESSAGES[language], mail: MAIL_MESSAGES[language] },
        ]),
      ),
      lng: SERVER_FALLBACK_LANGUAGE,
      fallbackLng: SERVER_FALLBACK_LANGUAGE,
      supportedLngs: [...LANGUAGES],
      load: 'currentOnly', // zh-Hant is its own language, never "zh"
      ns: ['errors', 'mail'],
      defaultNS: 'mail',
      interpolation: { escapeValue: false }, // plain text; HTML, if ever, escapes where it is built
    });
    return new ServerI18n(instance);
  }

  /** A stored or asked-for language, or English when it is not one of ours. */
  static languageOf(value: string | null | undefined): Language {
    return value && isLanguage(value) ? value : SERVER_FALLBACK_LANGUAGE;
  }

  /** Messages in `language`, in the namespace given. */
  t(language: Language, namespace: 'errors' | 'mail'): TFunction {
    const key = `${language}:${namespace}`;
    let t = this.fixed.get(key);
    if (!t) this.fixed.set(key, (t = this.instance.getFixedT(language, namespace)));
    return t;
  }

  /** An error code's message, as the app shows it. */
  errorMessage(language: Language, code: ErrorCode): string {
    return this.t(language, 'errors')(code);
  }
}
