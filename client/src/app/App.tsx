import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BoxOfficePage } from '../boxoffice/BoxOfficePage';
import { Loading } from '../components/Loading';
import { OutdatedNotice } from '../components/OutdatedNotice';
import { AuthPage } from '../pages/AuthPage';
import { CheckoutPage } from '../pages/CheckoutPage';
import { EventPage } from '../pages/EventPage';
import { MyTicketsPage } from '../pages/MyTicketsPage';
import { OrderPage } from '../pages/OrderPage';
import { WaitingRoomPage } from '../queue/WaitingRoomPage';
import { AppHeader } from './AppHeader';
import { loadSeatMapPage } from './load-seat-map';
import { href, useRoute, type Route } from './routes';

// The seat map brings Konva; other pages do not need to wait for it.
const SeatMapPage = lazy(loadSeatMapPage);

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const main = useRef<HTMLElement>(null);

  // A new page moves focus to its content, so screen readers announce it (as a page load would).
  const key = JSON.stringify(route);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
    window.scrollTo(0, 0);
  }, [key]);

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault(); // the hash is the router's: focus the content instead
          main.current?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <AppHeader route={route} />
      <OutdatedNotice />
      <main id="main" ref={main} tabIndex={-1} className={route.name === 'seatMap' ? 'main-wide' : undefined}>
        <Suspense fallback={<Loading />}>
          <Page route={route} />
        </Suspense>
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  const { t } = useTranslation();
  switch (route.name) {
    case 'event':
      return <EventPage />;
    case 'seatMap':
      return <SeatMapPage key={route.showId} showId={route.showId} />;
    case 'checkout':
      return <CheckoutPage showId={route.showId} />;
    case 'queue':
      return <WaitingRoomPage key={route.saleId} saleId={route.saleId} />;
    case 'order':
      return <OrderPage orderId={route.orderId} />;
    case 'tickets':
      return <MyTicketsPage />;
    case 'boxOffice':
      return <BoxOfficePage />;
    case 'signIn':
      return <AuthPage key="signIn" mode="signIn" next={route.next} />;
    case 'signUp':
      return <AuthPage key="signUp" mode="signUp" next={route.next} />;
    case 'notFound':
      return (
        <section className="panel">
          <p>{t('app.notFound')}</p>
          <a href={href.event()}>{t('app.backToShows')}</a>
        </section>
      );
  }
}
