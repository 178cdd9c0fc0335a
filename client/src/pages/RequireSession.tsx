import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/session';
import { href } from '../app/routes';
import { Loading } from '../components/Loading';

/** Pages of one's own (checkout, orders, tickets): wait for the session restore, or ask to sign in. */
export function RequireSession({ prompt, children }: { prompt: string; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  if (session.status === 'restoring') return <Loading />;
  if (session.status === 'signedOut') {
    return (
      <section className="panel">
        <p>{prompt}</p>
        <a className="button button-primary" href={href.signIn(window.location.hash)}>
          {t('app.signIn')}
        </a>
      </section>
    );
  }
  return <>{children}</>;
}
