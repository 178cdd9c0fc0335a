import i18next from 'i18next';
import { saveLanguage } from '../api/account';
import { sessionStore } from '../api/session';
import { changeLanguage, LANGUAGES, readStoredLanguage } from './i18n';

/**
 * The account remembers its fan's language, so that what the server sends them (e-mails, error
 * messages) and their next sign-in on another device speak it. A choice made in this browser is
 * saved to the account; signing in where no choice was made shows the account's language.
 */
export function followAccountLanguage(): void {
  let followedAccount: string | undefined;
  const follow = () => {
    const session = sessionStore.getState();
    if (session.status !== 'signedIn') {
      followedAccount = undefined;
      return;
    }
    if (followedAccount === session.account.id) return;
    followedAccount = session.account.id;
    void reconcile(session.account.language);
  };
  sessionStore.subscribe(follow);
  follow(); // the session may have been restored while the language loaded
}

async function reconcile(accountLanguage: string): Promise<void> {
  const chosenHere = readStoredLanguage();
  if (chosenHere && LANGUAGES.includes(chosenHere)) {
    if (chosenHere !== accountLanguage) await saveLanguage(chosenHere).catch(() => undefined);
  } else if (LANGUAGES.includes(accountLanguage) && accountLanguage !== i18next.language) {
    await changeLanguage(accountLanguage, false);
  }
}

/** The switcher's choice: shown at once, remembered here, and saved to the account when signed in. */
export async function chooseLanguage(language: string): Promise<void> {
  await changeLanguage(language);
  if (sessionStore.getState().status === 'signedIn') await saveLanguage(language).catch(() => undefined);
}
