import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { sessionStore } from './api/session';
import { App } from './app/App';
import { loadSeatMapPage } from './app/load-seat-map';
import { parseRoute } from './app/routes';
import { followAccountLanguage } from './i18n/account-language';
import { initI18n } from './i18n/i18n';
import '@fontsource-variable/noto-sans';
import '@fontsource-variable/noto-sans-thai';
import '@fontsource-variable/noto-sans-sc';
import '@fontsource-variable/noto-sans-tc';
import '@fontsource-variable/noto-sans-jp';
import '@fontsource-variable/noto-sans-kr';
import './styles/base.css';
import './styles/layout.css';
import './styles/seatmap.css';
import './styles/pages.css';

// Restore the session from the refresh cookie while the language loads; pages that need the
// session wait for it, the others render at once.
void sessionStore.refresh();
// Opened on a seat map: its code starts loading now, beside the app's own start, and with it what
// its first frame needs (seatmap/map-warm-up.ts), instead of after the app's first render.
if (parseRoute(window.location.hash).name === 'seatMap') void loadSeatMapPage();
void initI18n().then(() => {
  followAccountLanguage();
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
