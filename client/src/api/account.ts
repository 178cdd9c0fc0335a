import type { AccountView } from '../../../shared/protocol/views';
import { sessionStore } from './session';

/**
 * Stores the signed-in fan's language on their account (PATCH /api/me), for what the server sends
 * them (confirmations, notices) and for their next sign-in on another device. The session token
 * carries the language it was issued with (the server words errors in it), so the session is
 * renewed at once; the socket follows the new token.
 */
export async function saveLanguage(language: string): Promise<AccountView> {
  const account = await sessionStore.authedJson<AccountView>('/api/me', {
    method: 'PATCH',
    body: { language },
  });
  sessionStore.updateAccount(account);
  void sessionStore.refresh();
  return account;
}
