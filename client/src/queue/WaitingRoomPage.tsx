import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueCursor, SaleView, ShowView, WaitlistEntryView } from '../../../shared/protocol/views';
import { toApiError, type AnyErrorCode, type ApiError } from '../api/api-error';
import { fetchSale } from '../api/sales';
import { useSession } from '../api/session';
import { useShows } from '../api/shows';
import { useAsync } from '../api/use-async';
import { useServerNow } from '../api/use-server-now';
import { href, navigate } from '../app/routes';
import { AsyncView } from '../components/AsyncView';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { formatClock, localTimeZone } from '../../../shared/i18n/format';
import { useFormat } from '../i18n/use-format';
import { RequireSession } from '../pages/RequireSession';
import { WaitlistBox } from '../pages/WaitlistBox';
import { admissionStore } from './admission-store';
import type { QueueWatch, QueueWatcher } from './queue-watch';
import { SaleFairness } from './SaleFairness';
import { ShoppingWindow } from './ShoppingWindow';
import { useQueueWatch } from './use-queue-watch';
import { useRevealedSale } from './use-revealed-sale';
import { admissionHeld, etaDisplay, etaRange, peopleAhead, queueProgress } from './waiting-line';

/** Errors worth showing while the fan waits (a dropped socket is shown as the connection state). */
const QUIET_ERRORS: ReadonlySet<AnyErrorCode> = new Set<AnyErrorCode>(['NOT_CONNECTED', 'TIMEOUT']);

/** A sale's waiting room (`#/sales/:saleId/queue`): joins, shows the fan's place, lets them in. */
export function WaitingRoomPage({ saleId }: { saleId: string }) {
  const { t } = useTranslation();
  const [saleState, retry] = useAsync(() => fetchSale(saleId), [saleId]);
  return (
    <section className="waiting-room" aria-labelledby="queue-title">
      <a href={href.event()} className="back-link">
        ← {t('app.backToShows')}
      </a>
      <h1 id="queue-title">{t('queue.title')}</h1>
      <RequireSession prompt={t('sale.signInToJoin')}>
        <AsyncView state={saleState} retry={retry}>
          {(sale) => <WaitingRoom sale={sale} />}
        </AsyncView>
      </RequireSession>
    </section>
  );
}

function WaitingRoom({ sale: initialSale }: { sale: SaleView }) {
  const { t } = useTranslation();
  const session = useSession();
  const accountId = session.status === 'signedIn' ? session.account.id : '';
  // Why another page sent the fan here (the shopping window ended, the token was refused), once.
  const [notice] = useState(() => admissionStore.notice(initialSale.id));
  useEffect(() => admissionStore.clearNotice(initialSale.id), [initialSale.id]);
  // Admitted when the page opened: the fan came back on purpose, so no moving them on by itself.
  const [admittedOnArrival] = useState(() => admissionStore.get(initialSale.id) !== undefined);
  const { watch, watcher } = useQueueWatch(
    initialSale.id,
    accountId,
    Date.parse(initialSale.prequeueOpensAt),
  );
  const sale = useRevealedSale(initialSale, watch.cursor?.phase === 'live');
  const [shows] = useShows();
  const saleShows =
    shows.status === 'ready' ? shows.value.filter((show) => sale.showIds.includes(show.id)) : [];

  // Let in with one show to choose from: straight to its seat map (with two, the fan picks).
  const movedOn = useRef(false);
  const onlyShow = sale.showIds.length === 1 ? sale.showIds[0] : undefined;
  useEffect(() => {
    if (!watch.admission || onlyShow === undefined || admittedOnArrival || notice || movedOn.current) return;
    movedOn.current = true;
    navigate(href.show(onlyShow));
  }, [watch.admission, onlyShow, admittedOnArrival, notice]);

  return (
    <>
      <p className="muted">{sale.name}</p>
      {notice && !watch.admission && <ErrorNotice error={notice} />}
      <QueueBody sale={sale} watch={watch} watcher={watcher} shows={saleShows} />
      {!watch.left && (
        <details className="panel fairness-panel">
          <summary>{t('sale.fairTitle')}</summary>
          <p>{t('sale.fairness')}</p>
          <SaleFairness sale={sale} arrival={watch.entry?.arrival} />
        </details>
      )}
    </>
  );
}

function QueueBody({
  sale,
  watch,
  watcher,
  shows,
}: {
  sale: SaleView;
  watch: QueueWatch;
  watcher: QueueWatcher | undefined;
  shows: ShowView[];
}) {
  const { t } = useTranslation();
  const { entry, error } = watch;
  // Waitlists joined here, kept while the sold-out notice comes and goes as seats come back.
  const [waitlists, setWaitlists] = useState<Readonly<Record<string, WaitlistEntryView>>>({});
  const joinedWaitlist = (showId: string, entry: WaitlistEntryView) =>
    setWaitlists((joined) => ({ ...joined, [showId]: entry }));
  if (watch.left) {
    return (
      <section className="panel">
        <p>{t('queue.left')}</p>
        <a className="button button-primary" href={href.event()}>
          {t('app.backToShows')}
        </a>
      </section>
    );
  }
  if (!entry) {
    if (!error || QUIET_ERRORS.has(error.code)) return <Loading label={t('queue.joining')} />;
    return <JoinFailed sale={sale} error={error} retry={() => watcher?.retry()} />;
  }
  // The watcher keeps the furthest cursor seen, the entry's own included.
  const cursor = watch.cursor ?? entry.cursor;
  return (
    <>
      <section className={`panel queue-card queue-${entry.standing}`} aria-labelledby="queue-standing">
        <h2 id="queue-standing">{t(`queue.standing.${entry.standing}`)}</h2>
        {entry.standing === 'prequeue' && <PreQueue cursor={cursor} />}
        {entry.standing === 'waiting' && entry.place !== null && (
          <InLine place={entry.place} cursor={cursor} />
        )}
        {entry.standing === 'admitted' && (
          <Admitted watch={watch} shows={shows} onWindowOver={() => watcher?.windowOver()} />
        )}
        {entry.standing === 'done' && <p>{t('queue.done')}</p>}
        {entry.standing === 'missed' && (
          <p className="notice notice-warning" role="alert">
            {t('queue.missed')}
          </p>
        )}
        {error && !QUIET_ERRORS.has(error.code) && (
          <ErrorNotice error={error} onRetry={() => watcher?.retry()} />
        )}
        <ConnectionLine watch={watch} />
      </section>
      {(entry.standing === 'prequeue' || entry.standing === 'waiting') &&
        (cursor.soldOut ? (
          <SoldOut
            saleId={sale.id}
            shows={shows}
            forGood={cursor.allSold}
            waitlists={waitlists}
            onJoined={joinedWaitlist}
          />
        ) : (
          <p className="notice notice-info">{t('queue.advice')}</p>
        ))}
      {entry.standing !== 'done' && entry.standing !== 'missed' && watcher && (
        <LeaveQueue watcher={watcher} />
      )}
    </>
  );
}

function JoinFailed({ sale, error, retry }: { sale: SaleView; error: ApiError; retry: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (error.code !== 'QUEUE_NOT_OPEN') return <ErrorNotice error={error} onRetry={retry} />;
  return (
    <section className="panel">
      <ErrorNotice error={error} />
      <p>{t('sale.opensAt', { time: format.shortDateTime(sale.prequeueOpensAt, localTimeZone()) })}</p>
    </section>
  );
}

/**
 * No show of the sale has a free seat (the cursor's soldOut): for now, while some are in baskets
 * (an unpaid hold or a declined payment gives them back, so the fan keeps the place), or for good
 * (allSold: admission has stopped). Either way each show's waitlist is offered. [Q8]
 */
function SoldOut({
  saleId,
  shows,
  forGood,
  waitlists,
  onJoined,
}: {
  saleId: string;
  shows: ShowView[];
  forGood: boolean;
  waitlists: Readonly<Record<string, WaitlistEntryView>>;
  onJoined: (showId: string, entry: WaitlistEntryView) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <p className="notice notice-warning" role="status">
        {t(forGood ? 'queue.allSold' : 'queue.soldOut')}
      </p>
      {shows.map((show) => (
        <WaitlistBox
          key={show.id}
          showId={show.id}
          returnTo={href.queue(saleId)}
          waitingRoom={{
            show:
              shows.length > 1
                ? { name: show.name, date: format.shortDateTime(show.startsAt, show.timeZone) }
                : undefined,
            entry: waitlists[show.id],
            onJoined: (entry) => onJoined(show.id, entry),
          }}
        />
      ))}
    </>
  );
}

/** Before T0: in, without a place yet; the draw gives everyone here a random one. [Q5] */
function PreQueue({ cursor }: { cursor: QueueCursor }) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useServerNow();
  const remaining = cursor.startsAt - now;
  return (
    <>
      <p>{t('queue.prequeue', { time: format.shortDateTime(cursor.startsAt, localTimeZone()) })}</p>
      <p className="countdown">
        <span>{t('queue.drawIn')}</span>
        {remaining > 0 ? (
          <strong role="timer" aria-live="off">
            {formatClock(remaining)}
          </strong>
        ) : (
          <strong role="status">{t('queue.drawing')}</strong>
        )}
      </p>
      <p className="muted">{t('queue.joined', { count: cursor.joined })}</p>
    </>
  );
}

/** Place, people ahead, an ETA range and progress, all from the one cursor. [Q8] */
function InLine({ place, cursor }: { place: number; cursor: QueueCursor }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ahead = peopleAhead(place, cursor.nowServing);
  const progress = queueProgress(place, cursor.nowServing);
  const held = admissionHeld(cursor);
  const range = held ? undefined : etaRange(ahead, cursor.admitRatePerSecond);
  const eta = range && etaDisplay(range);
  return (
    <>
      <dl className="queue-figures">
        <div>
          <dt>{t('queue.place')}</dt>
          <dd>{format.number(place)}</dd>
        </div>
        <div>
          <dt>{t('queue.ahead')}</dt>
          <dd>{format.number(ahead)}</dd>
        </div>
        <div>
          <dt>{t('queue.eta')}</dt>
          <dd className={eta?.kind === 'range' ? undefined : 'queue-figure-words'}>
            {held
              ? t('queue.etaPaused')
              : !eta
                ? t('queue.etaUnknown')
                : eta.kind === 'soon'
                  ? t('queue.etaSoon')
                  : format.unitRange(eta.low, eta.high, eta.unit)}
          </dd>
        </div>
      </dl>
      <div className="queue-progress">
        <progress id="queue-progress" max={1} value={progress} aria-label={t('queue.progress')} />
        <span>{format.percent(progress)}</span>
      </div>
      {cursor.paused && (
        <p className="notice notice-warning" role="status">
          {t('queue.paused')}
        </p>
      )}
    </>
  );
}

/** Let in: the shopping window, and the way to the seats (a choice when the sale has two shows). */
function Admitted({
  watch,
  shows,
  onWindowOver,
}: {
  watch: QueueWatch;
  shows: ShowView[];
  onWindowOver: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { admission } = watch;
  if (!admission) return <Loading label={t('queue.entering')} />;
  return (
    <>
      <p>{t('queue.admitted')}</p>
      <ShoppingWindow windowEndsAt={admission.expiresAt} onOver={onWindowOver} />
      {shows.length > 1 && <h3>{t('queue.chooseShow')}</h3>}
      <div className="actions">
        {shows.map((show) => (
          <a key={show.id} className="button button-primary" href={href.show(show.id)}>
            {shows.length > 1
              ? t('queue.seatsFor', {
                  show: show.name,
                  date: format.shortDateTime(show.startsAt, show.timeZone),
                })
              : t('event.chooseSeats')}
          </a>
        ))}
      </div>
    </>
  );
}

function ConnectionLine({ watch }: { watch: QueueWatch }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <p className="queue-connection muted" role="status">
      <span className={`connection-dot connection-${watch.connection}`} aria-hidden="true" />
      {t(`queue.connection.${watch.connection}`)}
      {watch.updatedAt !== undefined && (
        <> · {t('queue.lastUpdate', { time: format.timeOfDay(watch.updatedAt) })}</>
      )}
    </p>
  );
}

function LeaveQueue({ watcher }: { watcher: QueueWatcher }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [error, setError] = useState<ApiError>();
  const leave = async () => {
    setLeaving(true);
    setError(undefined);
    try {
      await watcher.leave();
    } catch (caught) {
      setError(toApiError(caught));
      setLeaving(false);
    }
  };
  if (!confirming) {
    return (
      <div className="actions">
        <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
          {t('queue.leave')}
        </button>
      </div>
    );
  }
  return (
    <div className="panel leave-confirm" role="alertdialog" aria-labelledby="leave-question">
      <p id="leave-question">{t('queue.leaveConfirm')}</p>
      {error && <ErrorNotice error={error} />}
      <div className="actions">
        <button type="button" className="button-primary" disabled={leaving} onClick={() => void leave()}>
          {leaving ? t('queue.leaving') : t('queue.leaveYes')}
        </button>
        <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
          {t('queue.leaveNo')}
        </button>
      </div>
    </div>
  );
}
