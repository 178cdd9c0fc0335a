import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, type Language } from '../../../shared/languages';
import { toApiError, type ApiError } from '../api/api-error';
import { sessionStore, useSession } from '../api/session';
import { href, navigate } from '../app/routes';
import { ErrorNotice } from '../components/ErrorNotice';

/** Sign-up records the UI language (every UI language is an account language; a test checks). */
function accountLanguage(language: string): Language {
  return isLanguage(language) ? language : 'en';
}

/** Sign in, or create an account; then back to the page that asked (`next`). */
export function AuthPage({ mode, next }: { mode: 'signIn' | 'signUp'; next: string }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const [error, setError] = useState<ApiError>();
  const [working, setWorking] = useState(false);

  useEffect(() => {
    if (session.status === 'signedIn') navigate(next);
  }, [session.status, next]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    setWorking(true);
    setError(undefined);
    try {
      if (mode === 'signIn') await sessionStore.signIn({ email, password });
      else {
        const displayName = String(form.get('displayName') ?? '').trim();
        await sessionStore.signUp({ email, password, displayName, language: accountLanguage(i18n.language) });
      }
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setWorking(false);
    }
  };

  const signUp = mode === 'signUp';
  return (
    <section className="auth" aria-labelledby="auth-title">
      <h1 id="auth-title">{signUp ? t('auth.signUpTitle') : t('auth.signInTitle')}</h1>
      <p className="muted">{t('auth.why')}</p>
      <form onSubmit={(event) => void submit(event)} className="form">
        {signUp && (
          <label>
            {t('auth.displayName')}
            <input name="displayName" required maxLength={80} autoComplete="name" />
          </label>
        )}
        <label>
          {t('auth.email')}
          <input name="email" type="email" required maxLength={254} autoComplete="email" />
        </label>
        <label>
          {t('auth.password')}
          <input
            name="password"
            type="password"
            required
            minLength={signUp ? 10 : 1}
            maxLength={200}
            autoComplete={signUp ? 'new-password' : 'current-password'}
            aria-describedby={signUp ? 'password-hint' : undefined}
          />
          {signUp && (
            <small id="password-hint" className="muted">
              {t('auth.passwordHint')}
            </small>
          )}
        </label>
        {error && <ErrorNotice error={error} />}
        <button type="submit" className="button-primary" disabled={working}>
          {working ? t('auth.working') : signUp ? t('auth.submitSignUp') : t('auth.submitSignIn')}
        </button>
      </form>
      <p>
        {signUp ? t('auth.haveAccount') : t('auth.noAccount')}{' '}
        <a href={signUp ? href.signIn(next) : href.signUp(next)}>
          {signUp ? t('app.signIn') : t('app.signUp')}
        </a>
      </p>
    </section>
  );
}
