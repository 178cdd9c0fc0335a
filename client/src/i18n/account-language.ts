import i18next from 'i18next';
import { saveLanguage } from '../api/account';
import { sessionStore } from '../api/session';
import { changeLanguage, LANGUAGES, readStoredLanguage } from './i18n';

/** Set while this browser holds a choice its account has not heard of yet. */
const UNSAVED_KEY = 'seatrush.language.unsaved';

/**
 * The account remembers its fan's language, so that what the server sends them and their next
 * sign-in on any device speak it. On signing in (or a restored session) the account's language
 * wins, unless the fan chose one in this browser that the account has not saved yet (signed out,
 * or while the save failed): that choice is saved instead. So two devices never undo each other,
 * and a shared computer does not hand one fan's language to the next.
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
  if (isUnsaved() && chosenHere && LANGUAGES.includes(chosenHere)) {
    await save(chosenHere);
  } else if (LANGUAGES.includes(accountLanguage) && accountLanguage !== i18next.language) {
    await changeLanguage(accountLanguage);
  }
}

/** The switcher's choice: shown at once, remembered here, and saved to the account when signed in. */
export async function chooseLanguage(language: string): Promise<void> {
  setUnsaved(true);
  const shown = await changeLanguage(language);
  if (shown && sessionStore.getState().status === 'signedIn') await save(language);
}

async function save(language: string): Promise<void> {
  try {
    await saveLanguage(language);
    if (readStoredLanguage() === language) setUnsaved(false);
  } catch {
    // Offline or refused: the flag stays, and the next sign-in or reload saves it.
  }
}

function isUnsaved(): boolean {
  try {
    return localStorage.getItem(UNSAVED_KEY) === '1';
  } catch {
    return false;
  }
}

function setUnsaved(unsaved: boolean): void {
  try {
    if (unsaved) localStorage.setItem(UNSAVED_KEY, '1');
    else localStorage.removeItem(UNSAVED_KEY);
  } catch {
    // Private mode: nothing is remembered here, so nothing is left unsaved.
  }
}
