import { useTranslation } from 'react-i18next';
import { sessionStore, useSession } from '../api/session';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher';
import { href, type Route } from './routes';

/** Brand, navigation, language and account. */
export function AppHeader({ route }: { route: Route }) {
  const { t } = useTranslation();
  const session = useSession();
  const current = (name: Route['name']) => (route.name === name ? 'page' : undefined);
  return (
    <header className="app-header">
      <a className="brand" href={href.event()}>
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </a>
      <nav aria-label={t('app.name')}>
        <a href={href.event()} aria-current={current('event')}>
          {t('app.nav.shows')}
        </a>
        <a href={href.tickets()} aria-current={current('tickets')}>
          {t('app.nav.myTickets')}
        </a>
        <a href={href.boxOffice()} aria-current={current('boxOffice')}>
          {t('app.nav.boxOffice')}
        </a>
      </nav>
      <div className="header-tools">
        <LanguageSwitcher />
        {session.status === 'signedIn' ? (
          <>
            <span className="account">{t('app.signedInAs', { name: session.account.displayName })}</span>
            <button
              type="button"
              className="button-secondary button-small"
              onClick={() => void sessionStore.signOut()}
            >
              {t('app.signOut')}
            </button>
          </>
        ) : session.status === 'signedOut' ? (
          <a className="button button-small" href={href.signIn(window.location.hash)}>
            {t('app.signIn')}
          </a>
        ) : null}
      </div>
    </header>
  );
}
