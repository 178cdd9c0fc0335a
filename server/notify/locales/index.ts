import type { Language } from '../../../shared/languages';
import en, { type MailMessages } from './en';
import fil from './fil';
import id from './id';
import ja from './ja';
import ko from './ko';
import ms from './ms';
import th from './th';
import vi from './vi';
import zhHans from './zh-Hans';
import zhHant from './zh-Hant';

export type { MailMessages };

/** The server's messages to fans, by language (all loaded at start: they are small). */
export const MAIL_MESSAGES: Record<Language, MailMessages> = {
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
