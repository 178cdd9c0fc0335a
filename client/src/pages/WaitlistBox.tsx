import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WaitlistEntryView } from '../../../shared/protocol/views';
import { toApiError, type ApiError } from '../api/api-error';
import { useSession } from '../api/session';
import { useAsync } from '../api/use-async';
import { joinWaitlist, readWaitlistEntry } from '../api/waitlist';
import { href } from '../app/routes';
import { ErrorNotice } from '../components/ErrorNotice';

/**
 * A sold-out show's waitlist: the fan's place on it, or the button that joins it (signing in
 * first). Joining again is harmless: the server answers the same entry.
 */
export function WaitlistBox(props: WaitlistBoxProps) {
  const session = useSession();
  const accountId = session.status === 'signedIn' ? session.account.id : undefined;
  // Keyed by account: what one fan joined is never shown to the next who signs in here.
  return <AccountWaitlist key={accountId ?? 'signed-out'} {...props} />;
}

interface WaitlistBoxProps {
  showId: string;
  returnTo: string;
  /**
   * In a waiting room, which tells every fan there at once that no seat is free: the box reads
   * nothing until the fan asks (joining again answers the same entry), does not call the show sold
   * out (seats may come back), and names the show when the sale has two. The waiting room keeps
   * the entry joined here (`entry`, `onJoined`) while the box comes and goes with the notice.
   */
  waitingRoom?: {
    show?: { name: string; date: string };
    entry?: WaitlistEntryView;
    onJoined?: (entry: WaitlistEntryView) => void;
  };
}

function AccountWaitlist({ showId, returnTo, waitingRoom }: WaitlistBoxProps) {
  const { t } = useTranslation();
  const session = useSession();
  const accountId = session.status === 'signedIn' ? session.account.id : undefined;
  const readOnOpen = accountId !== undefined && waitingRoom === undefined;
  const [read] = useAsync(
    async () => (readOnOpen ? readWaitlistEntry(showId) : undefined),
    [showId, readOnOpen],
  );
  const [joined, setJoined] = useState<WaitlistEntryView>();
  const [joining, setJoining] = useState(false);
  const [error, setError] = useState<ApiError>();
  const entry = joined ?? waitingRoom?.entry ?? (read.status === 'ready' ? read.value : undefined);

  const join = async () => {
    setJoining(true);
    setError(undefined);
    try {
      const entry = await joinWaitlist(showId);
      setJoined(entry);
      waitingRoom?.onJoined?.(entry);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setJoining(false);
    }
  };

  return (
    <section className="panel waitlist" aria-labelledby={`waitlist-${showId}`}>
      <h2 id={`waitlist-${showId}`}>
        {waitingRoom?.show
          ? t('waitlist.titleFor', { show: waitingRoom.show.name, date: waitingRoom.show.date })
          : t('waitlist.title')}
      </h2>
      {!waitingRoom && <p>{t('waitlist.soldOut')}</p>}
      {entry?.joined ? (
        <p role="status">{t('waitlist.joined', { position: entry.position })}</p>
      ) : (
        <>
          <p>{t('waitlist.intro')}</p>
          {session.status === 'signedOut' ? (
            <a className="button button-primary" href={href.signIn(returnTo)}>
              {t('waitlist.signInToJoin')}
            </a>
          ) : (
            <button
              type="button"
              className="button-primary"
              disabled={joining || read.status === 'loading'}
              onClick={() => void join()}
            >
              {joining ? t('waitlist.joining') : t('waitlist.join')}
            </button>
          )}
        </>
      )}
      {error && <ErrorNotice error={error} />}
      {read.status === 'failed' && <ErrorNotice error={read.error} />}
    </section>
  );
}
