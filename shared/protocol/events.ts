import type {
  AdmissionRequest,
  CheckoutRequest,
  QueueRequest,
  HoldRequest,
  RefreshAuthRequest,
  ReleaseRequest,
  SubscribeRequest,
  UnsubscribeRequest,
} from './schemas';
import type { Language } from '../languages';
import type {
  Ack,
  AdmissionView,
  QueueCursor,
  QueueEntryView,
  HoldView,
  OrderView,
  ResyncNotice,
  SeatDelta,
  SeatDeltas,
  SeatPulse,
  ShowAvailability,
  ShowSnapshot,
} from './views';

/**
 * The Socket.IO protocol, in one place: events are named domain:verb, every client command ends in
 * an acknowledgement (AckResponse), payloads are checked against ./schemas on arrival.
 */
export const PROTOCOL_VERSION = 1;

export interface ClientToServerEvents {
  'show:subscribe': (request: SubscribeRequest, ack: Ack<ShowSnapshot>) => void;
  'show:unsubscribe': (request: UnsubscribeRequest, ack: Ack<null>) => void;
  'seats:hold': (request: HoldRequest, ack: Ack<HoldView>) => void;
  'seats:release': (request: ReleaseRequest, ack: Ack<{ seatsFreed: number }>) => void;
  'order:checkout': (request: CheckoutRequest, ack: Ack<OrderView>) => void;
  'auth:refresh': (request: RefreshAuthRequest, ack: Ack<{ expiresAt: number }>) => void;
  'queue:join': (request: QueueRequest, ack: Ack<QueueEntryView>) => void;
  'queue:status': (request: QueueRequest, ack: Ack<QueueEntryView>) => void;
  'queue:leave': (request: QueueRequest, ack: Ack<null>) => void;
  /** Once admitted: a token for the shopping window (also kept by this socket). */
  'queue:enter': (request: QueueRequest, ack: Ack<AdmissionView>) => void;
  /** Hands this socket a token got earlier (after a reconnect). */
  'queue:admission': (request: AdmissionRequest, ack: Ack<AdmissionView>) => void;
}

export type ClientCommand = keyof ClientToServerEvents;

/** What a client command sends. */
export type CommandRequest<E extends ClientCommand> = Parameters<ClientToServerEvents[E]>[0];

/** What a client command's acknowledgement carries when it succeeds (AckResponse's data). */
export type CommandReply<E extends ClientCommand> =
  Parameters<ClientToServerEvents[E]>[1] extends Ack<infer T> ? T : never;

export interface WelcomeMessage {
  /**
   * PROTOCOL_VERSION of the server. A client built for another stops using the socket and asks
   * the user to reload (the web app does), instead of misreading messages.
   */
  protocolVersion: number;
  /** Which node serves this socket (for support and load tests). */
  nodeId: string;
  /** The server's clock, epoch ms: clients correct hold countdowns by it. */
  serverTime: number;
  /** The signed-in account, if the handshake carried a token. */
  accountId?: string;
}

export interface ServerToClientEvents {
  'session:welcome': (welcome: WelcomeMessage) => void;
  /** One section's changes, to sockets that subscribed to that section by id. */
  'seats:delta': (delta: SeatDelta) => void;
  /** Every changed section of a tick, to sockets that subscribed to all sections. */
  'seats:deltas': (deltas: SeatDeltas) => void;
  'seats:resync': (notice: ResyncNotice) => void;
  'show:availability': (availability: ShowAvailability) => void;
  'seats:pulse': (pulse: SeatPulse) => void;
  'queue:cursor': (cursor: QueueCursor) => void;
  /**
   * To the admitted fan's own sockets, the moment the pacer admits them: ask queue:status (or
   * queue:enter) now, rather than when the next cursor comes. One message per admitted fan.
   */
  'queue:admitted': (notice: { saleId: string }) => void;
}

/** Between the nodes of a cluster (through the Redis adapter), never to a client. */
export interface InterServerEvents {
  /** The delta publisher's tick, to every node, for the maps there that watch every section (D2). */
  'seats:tick': (deltas: SeatDeltas) => void;
  /** The queue pacer's cursor, to every node, for the waiting fans there (Q8). */
  'queue:cursor': (cursor: QueueCursor) => void;
}

/**
 * What a staff account may do: agents work the box office; managers also run sales (pause, cap,
 * rate); admins everything; gate staff only check tickets at the gate.
 */
export const STAFF_ROLES = ['agent', 'manager', 'admin', 'gate'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who a session token speaks for, as its claims said when it was issued. */
export interface SocketIdentity {
  kind: 'fan' | 'staff';
  accountId: string;
  /** Epoch ms after which commands that need identity are refused until auth:refresh. */
  expiresAt: number;
  /** A fan's stored language when the token was issued: error messages use it with no database read. */
  language?: Language;
  /** A staff account's role when the token was issued. */
  role?: StaffRole;
}

export interface SocketData {
  identity?: SocketIdentity;
  /** Admission to a sale's shopping, by sale id: when its window ends (epoch ms). */
  admissions?: Record<string, number>;
}

/** Room names, shared so that server and load tests agree. */
export const rooms = {
  show: (showId: string) => `show:${showId}`,
  section: (showId: string, sectionId: number) => `seats:${showId}:${sectionId}`,
  /** Sockets watching every section of a show: they get one SeatDeltas a tick. */
  showSeats: (showId: string) => `seats:${showId}:all`,
  queue: (saleId: string) => `queue:${saleId}`,
  /** Every socket of one signed-in account, on any node. */
  account: (accountId: string) => `account:${accountId}`,
};
