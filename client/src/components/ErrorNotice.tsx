import { useTranslation } from 'react-i18next';
import type { AnyErrorCode, ApiError } from '../api/api-error';

/** The translated message for an error code; every code of shared/errors.ts has one. */
export function useErrorMessage(): (error: ApiError | AnyErrorCode) => string {
  const { t } = useTranslation();
  return (error) => t(`errors.${typeof error === 'string' ? error : error.code}`);
}

export function ErrorNotice({ error, onRetry }: { error: ApiError | AnyErrorCode; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (
    <div className="notice notice-error" role="alert">
      <span>{message(error)}</span>
      {onRetry && (
        <button type="button" className="button-link" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}
