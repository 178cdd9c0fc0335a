import { useTranslation } from 'react-i18next';
import { useConnectionStatus } from '../api/socket';
import { appServices } from '../app/services';

/**
 * Shown on every page once the server speaks another protocol version (a deploy under an open
 * tab): the app stops using the socket, and asks for a reload, which brings the matching code.
 */
export function OutdatedNotice() {
  const { t } = useTranslation();
  const status = useConnectionStatus(appServices().connection);
  if (status !== 'outdated') return null;
  return (
    <div className="notice notice-warning outdated-notice" role="alert">
      <span>{t('app.outdated')}</span>
      <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}
