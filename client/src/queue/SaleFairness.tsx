import { useTranslation } from 'react-i18next';
import type { SaleView } from '../../../shared/protocol/views';

/** The command that recomputes places from the published seed (scripts/verify-queue.ts). */
export function verifyCommand(origin: string, saleId: string, arrival?: number): string {
  const url = origin === 'http://localhost:3000' ? '' : ` --url ${origin}`;
  return `npm run queue:verify --${url} --sale ${saleId}${arrival === undefined ? '' : ` --arrival ${arrival}`}`;
}

/**
 * Why the order is fair, and how to check it (docs/queue-spec.md Q5, Q6): the SHA-256 commitment
 * published before the draw, the seed once revealed, and the command anyone can run to recompute
 * every place (with the fan's arrival number, their own).
 */
export function SaleFairness({ sale, arrival }: { sale: SaleView; arrival?: number }) {
  const { t } = useTranslation();
  return (
    <div className="fairness">
      <dl className="facts">
        <dt>{t('sale.commitment')}</dt>
        <dd>
          <code className="code-line">{sale.seedCommitment}</code>
        </dd>
        <dt>{t('sale.seed')}</dt>
        <dd>
          {sale.seed === null ? (
            <span className="muted">{t('sale.seedPending')}</span>
          ) : (
            <code className="code-line">{sale.seed}</code>
          )}
        </dd>
        {arrival !== undefined && (
          <>
            <dt>{t('queue.arrival')}</dt>
            <dd>{arrival}</dd>
          </>
        )}
      </dl>
      <p className="muted">
        {arrival === undefined ? t('sale.verify') : t('queue.verifyMine')}{' '}
        <code className="code-line">{verifyCommand(window.location.origin, sale.id, arrival)}</code>
      </p>
    </div>
  );
}
