import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { appServices } from '../app/services';
import { QueueWatcher, type QueueWatch } from './queue-watch';

/** The fan's place in a sale's waiting room while the component is mounted. */
export function useQueueWatch(
  saleId: string,
  accountId: string,
  opensAt: number,
): { watch: QueueWatch; watcher: QueueWatcher } {
  const watcher = useMemo(
    () => new QueueWatcher(appServices().queueWatch, { saleId, accountId, opensAt }),
    [saleId, accountId, opensAt],
  );
  useEffect(() => {
    watcher.start();
    return () => watcher.stop();
  }, [watcher]);
  const watch = useSyncExternalStore(watcher.subscribe, watcher.getSnapshot);
  return { watch, watcher };
}
