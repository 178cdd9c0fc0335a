import { useEffect, useState } from 'react';
import { serverNow } from './clock';

/** The server's clock (epoch ms), re-read every `tickMs` while the component is mounted. */
export function useServerNow(tickMs = 1_000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);
  return now;
}
