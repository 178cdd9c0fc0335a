import type { ErrorBody } from '../../shared/errors';
import { acceptedLanguages, matchLanguage } from '../../shared/i18n/match-language';
import type { Language } from '../../shared/languages';
import type { SocketIdentity } from '../../shared/protocol/events';
import type { AppError } from '../errors/app-error';
import { ServerI18n } from './server-i18n';

/** What turns an error into words. */
export interface ErrorSpeaker {
  i18n: ServerI18n;
}

/** Whom an error answers: the session token's identity, and what their browser asks for. */
export interface ErrorAudience {
  identity?: SocketIdentity;
  acceptLanguage?: string;
}

/**
 * The language the server answers someone in: the fan's stored language (carried in their session
 * token, so an error never waits on a database read: a sold-out section answers thousands of holds
 * a second), else what their browser asks for (Accept-Language), else English.
 */
export function languageOf(who: ErrorAudience): Language {
  return (
    who.identity?.language ??
    matchLanguage(acceptedLanguages(who.acceptLanguage)) ??
    ServerI18n.languageOf(undefined)
  );
}

/**
 * An error as it leaves the server: its code and details (what clients act on), and `message`, the
 * app's own sentence for it in the fan's language.
 */
export function errorBodyFor(speaker: ErrorSpeaker, error: AppError, who: ErrorAudience): ErrorBody {
  return { ...error.toBody(), message: speaker.i18n.errorMessage(languageOf(who), error.code) };
}
