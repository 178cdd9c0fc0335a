import { io } from 'socket.io-client';
import { noteServerTime, serverNow } from '../api/clock';
import {
  enterOverHttp,
  fetchMyQueueEntry,
  fetchQueueStatus,
  joinQueueOverHttp,
  leaveQueueOverHttp,
  saleOfShow,
} from '../api/sales';
import { sessionStore } from '../api/session';
import { AppConnection } from '../api/socket';
import { Admission } from '../queue/admission';
import { admissionStore } from '../queue/admission-store';
import type { QueueWatchServices } from '../queue/queue-watch';
import { warmUpSeatMap } from '../seatmap/map-warm-up';
import { navigate } from './routes';

/**
 * The tab's stateful services, wired together here and nowhere else: the modules themselves keep
 * no state of their own (tests make their own instances, over an in-memory socket).
 */
export interface AppServices {
  /** The tab's one Socket.IO connection (opened on first use). */
  readonly connection: AppConnection;
  readonly admission: Admission;
  /** What a waiting room's watcher uses (queue/queue-watch.ts). */
  readonly queueWatch: QueueWatchServices;
  /** Starts what the seat map's first live frame waits for; once per tab (seatmap/map-warm-up.ts). */
  warmUpSeatMap(): void;
}

function createAppServices(): AppServices {
  const connection = new AppConnection({
    connect: (options) => io(options),
    session: sessionStore,
    clock: { noteServerTime },
    onOffline: (listener) => window.addEventListener('offline', listener),
  });
  const admission = new Admission({ connection, store: admissionStore, saleOfShow, navigate });
  const http = { fetchQueueStatus, fetchMyQueueEntry, joinQueueOverHttp, leaveQueueOverHttp, enterOverHttp };
  let warmedUp = false;
  return {
    connection,
    admission,
    queueWatch: { connection, admission, admissionStore, http, serverNow },
    warmUpSeatMap: () => {
      if (warmedUp) return;
      warmedUp = true;
      warmUpSeatMap(connection, window.location.hash);
    },
  };
}

let services: AppServices | undefined;

/** This tab's services, made on first use (one per tab: one connection, one set of admissions). */
export function appServices(): AppServices {
  services ??= createAppServices();
  return services;
}
