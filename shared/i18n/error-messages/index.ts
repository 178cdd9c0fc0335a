import type { ErrorCode } from '../../errors';
import type { Language } from '../../languages';
import en from './en';
import fil from './fil';
import id from './id';
import ja from './ja';
import ko from './ko';
import ms from './ms';
import th from './th';
import vi from './vi';
import zhHans from './zh-Hans';
import zhHant from './zh-Hant';

/** A language's sentence for every error code (clients act on the code; people read these). */
export type ErrorMessages = Record<ErrorCode, string>;

/**
 * Every language's error messages, for the server. The app does not import this map: each of its
 * locale files imports its own language's file, so a language is downloaded only when chosen.
 */
export const ERROR_MESSAGES: Record<Language, ErrorMessages> = {
  th,
  en,
  ko,
  ja,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
  vi,
  id,
  ms,
  fil,
};
