import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { serverNow } from '../api/clock';
import { useCountdown } from '../hold/use-countdown';
import { formatClock } from '../../../shared/i18n/format';

/**
 * The countdown shows zero a second early (better a fan hurries); the window is taken as over a
 * moment after its real end, so the server, asked then, agrees that it is.
 */
const OVER_AFTER_END_MS = 1_000;

/** An admitted fan's time left to choose seats and pay (server clock); `onOver` once it is up. [Q13] */
export function ShoppingWindow({ windowEndsAt, onOver }: { windowEndsAt: number; onOver: () => void }) {
  const { t } = useTranslation();
  const remaining = useCountdown(windowEndsAt);
  // The latest onOver, called once per window, not again for every new callback of the parent's.
  const over = useEffectEvent(onOver);
  // A sleeping laptop fires it late, which is harmless: the server has the say.
  useEffect(() => {
    const timer = setTimeout(() => over(), Math.max(0, windowEndsAt - serverNow()) + OVER_AFTER_END_MS);
    return () => clearTimeout(timer);
  }, [windowEndsAt]);
  return (
    <p className="countdown shopping-window">
      <span>{t('queue.windowLeft')}</span>
      <strong role="timer" aria-live="off">
        {formatClock(remaining)}
      </strong>
    </p>
  );
}
