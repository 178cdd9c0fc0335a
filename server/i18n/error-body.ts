import type { ErrorBody } from '../../shared/errors';
import type { SocketIdentity } from '../../shared/protocol/events';
import type { AppError } from '../errors/app-error';
import type { FanLanguages } from './fan-languages';
import type { ServerI18n } from './server-i18n';

/** What turns an error into words: the messages, and whose language to use. */
export interface ErrorSpeaker {
  i18n: ServerI18n;
  fanLanguages: FanLanguages;
}

/**
 * An error as it leaves the server: its code and details (what clients act on), and `message`, the
 * app's own sentence for it in the language of the fan (stored on the account, else asked for by
 * the browser; FanLanguages never fails and never waits long for it).
 */
export async function errorBodyFor(
  speaker: ErrorSpeaker,
  error: AppError,
  who: { identity?: SocketIdentity; acceptLanguage?: string },
): Promise<ErrorBody> {
  const language = await speaker.fanLanguages.of(who.identity, who.acceptLanguage);
  return { ...error.toBody(), message: speaker.i18n.errorMessage(language, error.code) };
}
