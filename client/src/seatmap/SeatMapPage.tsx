import { startTransition, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShowView } from '../../../shared/protocol/views';
import { ApiError } from '../api/api-error';
import { fetchMyOrders } from '../api/orders';
import { useSession } from '../api/session';
import { useShow } from '../api/shows';
import { useAsync } from '../api/use-async';
import { href } from '../app/routes';
import { appServices } from '../app/services';
import { AsyncView } from '../components/AsyncView';
import { ErrorNotice } from '../components/ErrorNotice';
import { holdStore, useHold } from '../hold/hold-store';
import { BestAvailablePanel } from '../hold/BestAvailablePanel';
import { HoldPanel } from '../hold/HoldPanel';
import { SelectionPanel } from '../hold/SelectionPanel';
import { useHoldActions } from '../hold/use-hold-actions';
import { useFormat } from '../i18n/use-format';
import { isAdmissionError } from '../queue/admission';
import { WaitlistBox } from '../pages/WaitlistBox';
import { ShoppingWindow } from '../queue/ShoppingWindow';
import { ShowAccessGate, type Admitted } from '../queue/ShowAccessGate';
import { useShowAccess } from '../queue/use-show-access';
import { useVenueModel } from '../venue/load-venue';
import type { VenueModel } from '../venue/venue-model';
import { Legend } from './Legend';
import type { FeedAccess } from './live-seat-feed';
import { SEAT_LIST_START_ID, SeatList } from './SeatList';
import { SeatMapCanvas } from './SeatMapCanvas';
import { SeatTooltip } from './SeatTooltip';
import type { SeatContext } from './seat-state';
import { useLiveSeats } from './use-live-seats';
import { useSeatSelection } from './use-seat-selection';

/**
 * The live seat map of one show (loaded lazily: it brings Konva). A show sold through a waiting
 * room is for admitted fans: the others are sent to its waiting room.
 */
export default function SeatMapPage({ showId }: { showId: string }) {
  const { t } = useTranslation();
  const [showState, retryShow] = useShow(showId);
  const show = showState.status === 'ready' ? showState.value : undefined;
  const [modelState, retryModel] = useVenueModel(show?.venue.geometryUrl);
  const access = useShowAccess(showId);
  return (
    <AsyncView state={showState} retry={retryShow}>
      {(found) =>
        found ? (
          <ShowAccessGate access={access}>
            {(admitted) => (
              <AsyncView state={modelState} retry={retryModel} loadingLabel={t('seatmap.loading')}>
                {(model) => model && <SeatMapScreen show={found} model={model} admitted={admitted} />}
              </AsyncView>
            )}
          </ShowAccessGate>
        ) : (
          <ErrorNotice error="SHOW_NOT_FOUND" />
        )
      }
    </AsyncView>
  );
}

/** Admits each new connection before it subscribes to seats; a refusal sends the fan back. */
function useFeedAccess(saleId: string | undefined): FeedAccess | undefined {
  return useMemo(() => {
    if (saleId === undefined) return undefined;
    const { admission } = appServices();
    return {
      prepare: () => admission.present(saleId),
      refused: (error) => admission.backToWaitingRoom(saleId, error.code),
      isRefusal: isAdmissionError,
    };
  }, [saleId]);
}

/** Seats of this show the account has bought: they count against the per-account limit (H3). */
function useBoughtSeatCount(showId: string, accountId: string | undefined): number {
  const [orders] = useAsync(async () => (accountId ? fetchMyOrders() : []), [accountId]);
  if (orders.status !== 'ready') return 0;
  return orders.value
    .filter((order) => order.showId === showId && order.status === 'paid')
    .reduce((sum, order) => sum + order.seats.length, 0);
}

function SeatMapScreen({
  show,
  model,
  admitted,
}: {
  show: ShowView;
  model: VenueModel;
  admitted: Admitted | undefined;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const accountId = session.status === 'signedIn' ? session.account.id : undefined;
  const { feed, snapshot } = useLiveSeats(show.id, model, useFeedAccess(admitted?.saleId));
  const stored = useHold(show.id);
  const bought = useBoughtSeatCount(show.id, accountId);
  const holdActions = useHoldActions(show.id);

  const mine = useMemo<ReadonlySet<number>>(() => new Set(stored?.hold.seats ?? []), [stored]);
  const tierColours = useMemo(
    () =>
      model.geometry.tiers.map((tier) => show.priceTiers.find((priced) => priced.code === tier.code)?.colour),
    [model, show],
  );
  const statuses = feed?.statuses;
  const baseContext = useMemo(
    () => statuses && { model, statuses, tierColours },
    [model, statuses, tierColours],
  );
  const selection = useSeatSelection({
    showId: show.id,
    accountId,
    sessionKnown: session.status !== 'restoring',
    limit: show.seatLimitPerAccount,
    alreadyOwned: bought + mine.size,
    holdActive: stored !== undefined,
    context: baseContext,
    revision: snapshot.revision,
  });
  const context: SeatContext | undefined = baseContext && {
    ...baseContext,
    selected: selection.selected,
    mine,
  };
  const paint = useMemo(
    () => statuses && { statuses, selected: selection.selected, mine, tierColours },
    [statuses, selection.selected, mine, tierColours],
  );

  const listShown = useShownAfterFirstLiveFrame(snapshot.status !== 'syncing');

  // Every section's count is known (and trusted) once the feed has its snapshot; all zero is sold out.
  const soldOut =
    snapshot.free.size === model.geometry.sections.length &&
    [...snapshot.free.values()].every((free) => free === 0);

  const onHold = async () => {
    const result = await holdActions.hold([...selection.selected]);
    if (!(result instanceof ApiError)) return selection.clear();
    const takenSeat = result.details?.seat;
    if (result.code === 'SEAT_UNAVAILABLE' && typeof takenSeat === 'number') selection.remove(takenSeat);
  };

  return (
    <div className="seatmap-page">
      <header className="page-header">
        <a href={href.event()} className="back-link">
          ← {t('app.backToShows')}
        </a>
        <h1>
          {show.tour.name} · {show.name}
        </h1>
        <p className="muted">
          {format.dateTime(show.startsAt, show.timeZone)} · {show.venue.name}
        </p>
      </header>
      {(snapshot.status === 'offline' || snapshot.status === 'paused') && (
        <p className="notice notice-warning" role="status">
          {t(snapshot.status === 'offline' ? 'seatmap.stale' : 'seatmap.paused')}
        </p>
      )}
      <p className="visually-hidden" aria-live="polite">
        {selection.notice}
      </p>
      <div className="seatmap-body">
        {paint && context ? (
          <SeatMapCanvas
            model={model}
            paint={paint}
            revision={snapshot.revision}
            free={snapshot.free}
            hasAvailability={snapshot.free.size > 0}
            onSeatActivate={selection.toggle}
            onShowList={() => {
              const start = document.getElementById(SEAT_LIST_START_ID);
              start?.scrollIntoView({ block: 'center' });
              start?.focus();
            }}
            renderTooltip={(target) => (
              <SeatTooltip target={target} show={show} model={model} context={context} free={snapshot.free} />
            )}
          />
        ) : (
          <div className="seatmap-canvas" />
        )}
        <aside className="seatmap-side">
          {admitted && (
            <ShoppingWindow
              windowEndsAt={admitted.windowEndsAt}
              onOver={() => appServices().admission.backToWaitingRoom(admitted.saleId, 'ADMISSION_EXPIRED')}
            />
          )}
          {snapshot.status === 'syncing' && (
            <p className="muted" role="status">
              {t('seatmap.syncing')}
            </p>
          )}
          {selection.notice && <p className="notice notice-info">{selection.notice}</p>}
          {stored ? (
            <HoldPanel
              show={show}
              model={model}
              stored={stored}
              describe={selection.describe}
              releasing={holdActions.busy === 'releasing'}
              error={holdActions.error}
              onRelease={() => void holdActions.release(stored)}
              onExpired={() => {
                holdStore.clear(show.id);
                selection.setNotice(t('hold.expired'));
              }}
            />
          ) : soldOut ? (
            <WaitlistBox showId={show.id} returnTo={href.show(show.id)} />
          ) : (
            <>
              {statuses && (
                <BestAvailablePanel
                  show={show}
                  model={model}
                  statuses={statuses}
                  budget={selection.budget}
                  onFound={selection.choose}
                />
              )}
              <SelectionPanel
                show={show}
                model={model}
                selected={selection.selected}
                allowance={selection.allowance}
                describe={selection.describe}
                onRemove={selection.remove}
                onClear={selection.clear}
                onHold={() => void onHold()}
                signedIn={accountId !== undefined}
                holding={holdActions.busy === 'holding'}
                canHold={snapshot.status !== 'offline'}
                error={holdActions.error}
              />
            </>
          )}
          <Legend show={show} />
        </aside>
      </div>
      {context && listShown && (
        <SeatList
          show={show}
          model={model}
          context={context}
          free={snapshot.free}
          onToggle={selection.toggle}
        />
      )}
    </div>
  );
}

/** The seat list shows by then even if the statuses are not live yet (its seats show as unknown). */
const SEAT_LIST_LATEST_MS = 2_000;

/**
 * True a frame after the map's first live frame (the feed left 'syncing'), or after
 * SEAT_LIST_LATEST_MS: the seat list, a few hundred buttons with their labels, renders after the
 * map's first frame instead of delaying it, and never waits on a sale that stays unavailable.
 */
function useShownAfterFirstLiveFrame(live: boolean): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (shown) return;
    const show = () => startTransition(() => setShown(true));
    const latest = setTimeout(show, SEAT_LIST_LATEST_MS);
    const frame = live ? requestAnimationFrame(show) : undefined;
    return () => {
      clearTimeout(latest);
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [shown, live]);
  return shown;
}
