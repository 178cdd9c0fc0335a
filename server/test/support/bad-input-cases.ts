import { gzipSync } from 'node:zlib';
import type { ErrorCode } from '../../../shared/errors';

/**
 * The table of malformed inputs for bad-input.test.ts: every row names the channel, the payload
 * and the catalogue codes a correct server may answer with. Payloads are built from the context
 * (real hold ids, tokens, seats) the test sets up before the run.
 */
export interface BadInputContext {
  showId: string;
  /** A show in another venue (2,000 seats): its seats from 500 up do not exist in showId's venue. */
  otherShowId: string;
  /** A show whose sale has not started. */
  offSaleShowId: string;
  /** A show with no free seat (100 seats, all blocked); another fan is on its waitlist. */
  soldOutShowId: string;
  seatCount: number;
  /** A section id the venue does not have (but the schemas accept). */
  missingSection: number;
  /** Live hold of the attacking fan, and of another fan; another fan's paid hold and order. */
  ownHoldId: string;
  foreignHoldId: string;
  foreignPaidHoldId: string;
  foreignOrderId: string;
  /** Idempotency-Key the attacking fan already used for a paid order. */
  usedKey: string;
  seats: { free: number[]; ownHeld: number; foreignHeld: number; sold: number; blocked: number };
  tokens: { fan: string; otherFan: string; staff: string; agent: string; expired: string; forged: string };
  otherFanEmail: string;
  /** A sale whose pre-queue is open (T0 in an hour) over saleShowId; another fan has joined it. */
  saleId: string;
  saleShowId: string;
  /** A sale whose pre-queue has not opened yet, and one that has closed. */
  earlySaleId: string;
  closedSaleId: string;
  /** Admission tokens (JWT) of saleId: the attacking fan is not an active shopper. */
  admission: { inactive: string; expired: string; otherFan: string; otherSale: string; forged: string };
}

type C = BadInputContext;
export type Codes = readonly ErrorCode[];
export type SocketRole = 'fan' | 'anonymous' | 'staff' | 'expired';

/** `codes` null: sent without an ack callback, so nothing may answer or change. */
export type SocketCase = { channel: 'socket'; name: string; as: SocketRole; event: string } & {
  args: (c: C) => unknown[];
  codes: Codes | null;
};

export type HandshakeCase = { channel: 'handshake'; name: string; auth: (c: C) => unknown; codes: Codes };

export type RawOutcome = 'close' | 'ignored' | { ack: Codes } | { connectError: Codes };

/** `handshake` is the Socket.IO CONNECT frame; null sends none. */
export type RawCase = { channel: 'raw'; name: string; handshake: string | ((c: C) => string) | null } & {
  frames: (c: C) => (string | Buffer)[];
  expect: readonly RawOutcome[];
};

export type HttpAuth = 'fan' | 'staff' | 'none' | ((c: C) => string);

/** A string body goes as application/json unless `headers` name another content type. */
export type HttpCase = {
  channel: 'http';
  name: string;
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
} & {
  path: (c: C) => string;
  auth: HttpAuth;
  body?: (c: C) => string | Uint8Array;
  headers?: (c: C) => Record<string, string>;
  codes: Codes;
};

export type BadInputCase = SocketCase | HandshakeCase | RawCase | HttpCase;

const is = (...codes: ErrorCode[]): Codes => codes;
const [VF, MJ, TL] = [is('VALIDATION_FAILED'), is('MALFORMED_JSON'), is('PAYLOAD_TOO_LARGE')];
const [AR, AI, ICRED] = [is('AUTH_REQUIRED'), is('AUTH_INVALID'), is('INVALID_CREDENTIALS')];
const [SNF, SUN, HNF] = [is('SEAT_NOT_FOUND'), is('SEAT_UNAVAILABLE'), is('HOLD_NOT_FOUND')];
const [NOSHOW, ONF, NOSECTION] = [is('SHOW_NOT_FOUND'), is('ORDER_NOT_FOUND'), is('SECTION_NOT_FOUND')];
/** A path that cannot be percent-decoded: a 400 of some kind, or no such resource. */
const VF_NF = is('VALIDATION_FAILED', 'NOT_FOUND');
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const json = (value: unknown) => JSON.stringify(value);
/** An object literal can't carry an own "__proto__" key; JSON.parse can. */
const parsed = (text: string): unknown => JSON.parse(text);
const base64url = (value: unknown) => Buffer.from(json(value)).toString('base64url');
const UNSIGNED_JWT = `${base64url({ alg: 'none' })}.${base64url({ iss: 'seatrush', aud: 'fan', sub: 'x' })}.`;
const HUGE_SEATS = range(0, 100_000);
const MANY_SEATS = range(0, 10_000).map(() => 101);
const BOMB_SEATS = range(0, 100_000).map(() => 101);
const HOLD_17_SECTIONS = `AAAAAAAAAAAA.${range(0, 17).join('-')}`;

// ---------------------------------------------------------------- Socket.IO commands
type Args = SocketCase['args'];
type Row = [what: string, payload: (c: C) => unknown, codes: Codes, as?: SocketRole];
type Expected = Codes | null;
const sk = (event: string, what: string, args: Args, codes: Expected, as: SocketRole = 'fan'): SocketCase => {
  return { channel: 'socket', name: `socket ${event} [${as}]: ${what}`, as, event, args, codes };
};
const rows = (event: string, list: Row[]): SocketCase[] =>
  list.map(([what, payload, codes, as = 'fan']) => sk(event, what, (c) => [payload(c)], codes, as));
const S = (list: (c: C) => unknown) => (c: C) => ({ showId: c.showId, seats: list(c) });
type Of<T> = (c: C) => T;
const R = (holdId: Of<unknown>, showId?: string) => (c: C) => ({
  showId: showId ?? c.showId,
  holdId: holdId(c),
});
const PAY = { paymentMethod: 'card', idempotencyKey: 'bad-input-fresh-key-0001' };
const pay = (c: C, extra: object = {}) => ({ showId: c.showId, holdId: c.ownHoldId, ...PAY, ...extra });
const P = (extra: (c: C) => object) => (c: C) => pay(c, extra(c));
const ONE_SEAT = S(() => [101]);
const FIRST_FREE = S((c) => [c.seats.free[0]]);
const OWN_HOLD = R((c) => c.ownHoldId);
const noAck = (event: string, what: string, payload: (c: C) => unknown) =>
  sk(event, `${what}, without an ack`, (c) => [payload(c)], null);
const unknown = (event: string, what: string): SocketCase => ({
  ...sk(event, what, () => [{}], is('UNKNOWN_COMMAND')),
  name: `socket <unknown event> [fan]: ${what}`,
});

const socketCases: SocketCase[] = [
  ...rows('seats:hold', [
    ['payload is a string', (c) => c.showId, VF],
    ['payload is a number', () => 42, VF],
    ['payload is null', () => null, VF],
    ['payload is an array', (c) => [c.showId, [101]], VF],
    ['payload is a boolean', () => true, VF],
    ['missing showId', () => ({ seats: [101] }), VF],
    ['missing seats', (c) => ({ showId: c.showId }), VF],
    ['unknown extra field', (c) => ({ showId: c.showId, seats: [101], price: 0 }), VF],
    ['seats is a string', S(() => '101,102'), VF],
    ['seats are numeric strings', S(() => ['101']), VF],
    ['fractional seat', S(() => [101.5]), VF],
    ['NaN seat (null on the wire)', S(() => [Number.NaN]), VF],
    ['seats is an object keyed by index', S(() => ({ 0: 101 })), VF],
    ['nested seat arrays', S(() => [[101]]), VF],
    ['seat objects', S(() => [{ seat: 101 }]), VF],
    ['empty seat array', S(() => []), VF],
    ['negative seat', S(() => [-1]), VF],
    ['seat above the schema range', S(() => [1_000_001]), VF],
    ['unsafe integer seat', S(() => [2 ** 53 + 2]), VF],
    ['seat just beyond the venue', S((c) => [c.seatCount]), SNF],
    ['seat at the schema maximum', S(() => [1_000_000]), SNF],
    ['seat of another show’s venue', S(() => [1500]), SNF],
    ['duplicate seat ids', S((c) => [c.seats.free[0], c.seats.free[0]]), is('DUPLICATE_SEATS')],
    ['9 seats (over the per-hold limit)', S((c) => c.seats.free.slice(0, 9)), is('TOO_MANY_SEATS')],
    ['65 seats', S(() => range(101, 65)), is('VALIDATION_FAILED', 'TOO_MANY_SEATS')],
    ['10,000 seats, under the frame limit', S(() => MANY_SEATS), VF],
    ['5 free seats (over the account limit)', S((c) => c.seats.free.slice(0, 5)), is('LIMIT_EXCEEDED')],
    ['another fan’s held seat', S((c) => [c.seats.foreignHeld]), SUN],
    ['a sold seat', S((c) => [c.seats.sold]), SUN],
    ['a blocked seat', S((c) => [c.seats.blocked]), SUN],
    ['own held seat again', S((c) => [c.seats.ownHeld]), SUN],
    ['unknown show', () => ({ showId: 'no-such-show', seats: [101] }), NOSHOW],
    ['show not on sale yet', (c) => ({ showId: c.offSaleShowId, seats: [101] }), is('SHOW_NOT_ON_SALE')],
    ['emoji show id', () => ({ showId: 'test-show-🎫', seats: [101] }), VF],
    ['41-character show id', () => ({ showId: 'a'.repeat(41), seats: [101] }), VF],
    ['60 KB show id', () => ({ showId: 'a'.repeat(60_000), seats: [101] }), VF],
    ['control characters in show id', (c) => ({ showId: `${c.showId}\u0000\u001b`, seats: [101] }), VF],
    ['numeric show id', () => ({ showId: 42, seats: [101] }), VF],
    ['__proto__ key', (c) => parsed(`{"showId":"${c.showId}","seats":[101],"__proto__":{"seats":[1]}}`), VF],
    ['constructor.prototype key', (c) => ({ ...ONE_SEAT(c), constructor: { prototype: {} } }), VF],
    ['binary attachment as seats', S(() => Buffer.from([1, 2, 3])), VF],
    ['placeholder object as seats', S(() => ({ _placeholder: true, num: 0 })), VF],
    ['staff identity', ONE_SEAT, is('FORBIDDEN'), 'staff'],
    ['no identity', ONE_SEAT, AR, 'anonymous'],
    ['expired identity', ONE_SEAT, is('AUTH_EXPIRED'), 'expired'],
  ]),
  sk('seats:hold', 'no payload, only the ack', () => [], VF),
  sk('seats:hold', 'an extra argument', (c) => [ONE_SEAT(c), 'extra'], VF),
  ...rows('seats:release', [
    ['missing holdId', (c) => ({ showId: c.showId }), VF],
    ['malformed hold id', R(() => 'abc'), VF],
    ['hold id naming 17 sections', R(() => HOLD_17_SECTIONS), VF],
    ['emoji in hold id', R(() => 'AAAAAAAAAA🎫.1'), VF],
    ['numeric hold id', R(() => 123), VF],
    ['unknown field', (c) => ({ ...OWN_HOLD(c), force: true }), VF],
    ['another fan’s hold', R((c) => c.foreignHoldId), HNF],
    ['another fan’s paid hold', R((c) => c.foreignPaidHoldId), HNF],
    ['well-formed unknown hold', R((c) => `AAAAAAAAAAAA.${c.ownHoldId.split('.')[1]}`), HNF],
    ['hold id naming sections beyond the venue', R((c) => `AAAAAAAAAAAA.0-${c.missingSection}`), HNF],
    ['own hold under another show', R((c) => c.ownHoldId, 'other-show'), HNF],
    ['unknown show', R((c) => c.ownHoldId, 'no-such-show'), NOSHOW],
    ['no identity', R((c) => c.foreignHoldId), AR, 'anonymous'],
  ]),
  ...rows('show:subscribe', [
    ['sections is an unknown word', (c) => ({ showId: c.showId, sections: 'none' }), VF],
    ['section id above the schema range', (c) => ({ showId: c.showId, sections: [99_999] }), VF],
    ['negative section id', (c) => ({ showId: c.showId, sections: [-1] }), VF],
    ['section beyond the venue', (c) => ({ showId: c.showId, sections: [c.missingSection] }), NOSECTION],
    ['513 sections', (c) => ({ showId: c.showId, sections: range(0, 513) }), VF],
    ['unknown show', () => ({ showId: 'no-such-show' }), NOSHOW],
    ['payload is a string', (c) => c.showId, VF],
    ['unknown field', (c) => ({ showId: c.showId, admin: true }), VF],
  ]),
  ...rows('show:unsubscribe', [
    ['unknown show', () => ({ showId: 'no-such-show' }), NOSHOW],
    ['section beyond the venue', (c) => ({ showId: c.showId, sections: [c.missingSection] }), NOSECTION],
    ['payload is null', () => null, VF],
  ]),
  ...rows('order:checkout', [
    ['only a show id', (c) => ({ showId: c.showId }), VF],
    ['unknown payment method', P(() => ({ paymentMethod: 'bitcoin' })), VF],
    ['payment method in capitals', P(() => ({ paymentMethod: 'CARD' })), VF],
    ['idempotency key too short', P(() => ({ idempotencyKey: 'abc' })), VF],
    ['idempotency key with emoji and spaces', P(() => ({ idempotencyKey: 'key 🎫 with spaces' })), VF],
    ['idempotency key of 101 characters', P(() => ({ idempotencyKey: 'k'.repeat(101) })), VF],
    ['numeric hold id', P(() => ({ holdId: 7 })), VF],
    ['unknown field', P(() => ({ totalSatang: 0 })), VF],
    ['another fan’s hold', P((c) => ({ holdId: c.foreignHoldId })), HNF],
    ['another fan’s paid hold', P((c) => ({ holdId: c.foreignPaidHoldId })), HNF],
    ['own hold under another show', P((c) => ({ showId: c.otherShowId })), HNF],
    ['unknown show', P(() => ({ showId: 'no-such-show' })), NOSHOW],
    ['key used for another hold', P((c) => ({ idempotencyKey: c.usedKey })), is('IDEMPOTENCY_KEY_REUSED')],
    ['no identity', (c) => pay(c), AR, 'anonymous'],
    ['staff identity', (c) => pay(c), is('FORBIDDEN'), 'staff'],
    ['expired identity', (c) => pay(c), is('AUTH_EXPIRED'), 'expired'],
  ]),
  ...rows('auth:refresh', [
    ['empty token', () => ({ token: '' }), VF],
    ['5,000-character token', () => ({ token: 'a'.repeat(5000) }), VF],
    ['numeric token', () => ({ token: 12345 }), VF],
    ['payload is an array', (c) => [c.tokens.fan], VF],
    ['garbage token', () => ({ token: 'not.a.jwt' }), AI],
    ['token signed with another secret', (c) => ({ token: c.tokens.forged }), AI],
    ['unsigned (alg none) token', () => ({ token: UNSIGNED_JWT }), AI],
    ['expired token', (c) => ({ token: c.tokens.expired }), is('AUTH_EXPIRED')],
    ['another account’s token', (c) => ({ token: c.tokens.otherFan }), is('FORBIDDEN')],
    ['staff token on a fan socket', (c) => ({ token: c.tokens.staff }), AI],
    ['garbage token', () => ({ token: 'garbage' }), AI, 'expired'],
  ]),
  unknown('seats:steal', 'unknown command'),
  unknown('__proto__', 'event named __proto__'),
  unknown('constructor', 'event named constructor'),
  unknown('error', 'event named error'),
  unknown('', 'empty event name'),
  unknown('x'.repeat(10_000), '10 KB event name'),
  unknown('seats:hold ', 'known name with a trailing space'),
  noAck('seats:hold', 'valid hold of a free seat', FIRST_FREE),
  noAck('seats:release', 'release of own hold', OWN_HOLD),
  noAck('order:checkout', 'checkout of own hold', (c) => pay(c)),
  noAck('seats:hold', 'garbage', () => ({ garbage: true })),
  noAck('seats:steal', 'unknown command', () => ({})),
];

// ---------------------------------------------------------------- Socket.IO handshake
const handshakeRows: [what: string, auth: (c: C) => unknown, codes: Codes][] = [
  ['numeric token', () => ({ token: 123 }), VF],
  ['unknown auth field', (c) => ({ token: c.tokens.fan, admin: true }), VF],
  ['unknown kind', (c) => ({ token: c.tokens.fan, kind: 'admin' }), VF],
  ['5,000-character token', () => ({ token: 'a'.repeat(5000) }), VF],
  ['__proto__ in auth', () => parsed('{"__proto__":{"kind":"staff"}}'), VF],
  ['garbage token', () => ({ token: 'garbage' }), AI],
  ['token signed with another secret', (c) => ({ token: c.tokens.forged }), AI],
  ['unsigned (alg none) token', () => ({ token: UNSIGNED_JWT }), AI],
  ['expired token', (c) => ({ token: c.tokens.expired }), is('AUTH_EXPIRED')],
  ['fan token claiming staff', (c) => ({ token: c.tokens.fan, kind: 'staff' }), AI],
];
const handshakeCases = handshakeRows.map(([what, auth, codes]): HandshakeCase => {
  return { channel: 'handshake', name: `handshake: ${what}`, auth, codes };
});

// ---------------------------------------------------------------- raw Engine.IO / Socket.IO frames
type RawRow = [what: string, frames: RawCase['frames'], expect: RawOutcome[], hs?: RawCase['handshake']];
const ack = (...codes: ErrorCode[]): RawOutcome => ({ ack: codes });
/** A seats:hold event frame with ack id 1 (or none); `fields` completes the payload object. */
const hold =
  (fields: string, ackId = '1') =>
  (c: C) => [`42${ackId}["seats:hold",{"showId":"${c.showId}",${fields}}]`];
const frames =
  (...list: string[]) =>
  () =>
    list;
const PLACEHOLDER = '{"_placeholder":true,"num":0}';
/** CONNECT as the attacking fan, for payloads that pass validation and reach a handler. */
const RELEASE_NO_ACK = (c: C) => [`42["seats:release",${json(OWN_HOLD(c))}]`];
const CHECKOUT_EMPTY_KEY = (c: C) => [`421["order:checkout",${json(pay(c, { idempotencyKey: '' }))}]`];
const FORGED_CONNECT = (c: C) => `40${json({ token: c.tokens.forged })}`;
const AS_FAN = (c: C) => `40${json({ token: c.tokens.fan })}`;
const rawRows: RawRow[] = [
  ['garbage JSON with an ack id', frames('421["seats:hold",{garbage'), ['close']],
  ['garbage JSON without an ack id', frames('42[garbage'), ['close']],
  ['event payload is an object', (c) => [`421{"showId":"${c.showId}","seats":[101]}`], ['close']],
  ['event payload is a string', frames('421"seats:hold"'), ['close']],
  ['empty event array', frames('421[]'), ['close']],
  ['ack id, no payload', frames('421'), [ack('UNKNOWN_COMMAND', 'VALIDATION_FAILED'), 'close']],
  ['unknown Socket.IO packet type', frames('47["seats:hold",{}]'), ['close']],
  ['unknown Engine.IO packet type', frames('9hello'), ['close']],
  ['binary garbage', () => [Buffer.from([0xff, 0x00, 0xde, 0xad, 0xbe, 0xef])], ['close']],
  ['reserved event name', frames('421["disconnect",{}]'), ['close']],
  ['event before CONNECT', hold('"seats":[101]'), ['close'], null],
  ['second CONNECT', frames('40'), ['close']],
  ['event for a namespace never joined', frames('42/admin,1["seats:hold",{}]'), ['close']],
  ['binary event whose attachment never comes', frames(`451-["x",${PLACEHOLDER}]`, '42["x"]'), ['close']],
  ['too many binary attachments', frames(`4599-["seats:hold",${PLACEHOLDER}]`), ['close']],
  ['oversize frame: 100,000 seats', hold(`"seats":${json(HUGE_SEATS)}`), ['close']],
  ['oversize frame: 70 KB string', frames(`421["seats:hold",{"showId":"${'a'.repeat(70_000)}"}]`), ['close']],
  ['numeric event name', frames('421[42,{}]'), [ack('UNKNOWN_COMMAND')]],
  ['__proto__ in the payload', hold('"seats":[101],"__proto__":{"a":1}'), [ack(...VF)]],
  ['seat 0 and -0', hold('"seats":[0,-0]'), [ack('DUPLICATE_SEATS')], AS_FAN],
  ['seat 1e400 (Infinity)', hold('"seats":[1e400]'), [ack(...VF)]],
  ['placeholder in a plain event', hold(`"seats":${PLACEHOLDER}`), [ack(...VF)]],
  ['extra arguments', (c) => [`${hold('"seats":[101]')(c)[0]?.slice(0, -1)},{},[]]`], [ack(...VF)]],
  ['ack for an id the server never sent', frames('431[{"ok":true,"data":null}]'), ['ignored']],
  ['valid hold without an ack id', hold('"seats":[101]', ''), ['ignored'], AS_FAN],
  ['own hold released without an ack id', RELEASE_NO_ACK, ['ignored'], AS_FAN],
  ['checkout with an empty key', CHECKOUT_EMPTY_KEY, [ack(...VF)], AS_FAN],
  ['CONNECT with a numeric token', frames(), [{ connectError: VF }], '40{"token":123}'],
  ['CONNECT with an array', frames(), ['close'], '40[1,2]'],
  ['CONNECT with __proto__', frames(), [{ connectError: VF }], '40{"__proto__":{"token":"x"}}'],
  ['CONNECT with a forged token', frames(), [{ connectError: AI }], FORGED_CONNECT],
];
const rawCasesOf = (list: RawRow[]) =>
  list.map(([what, frames, expect, hs = '40']): RawCase => {
    return { channel: 'raw', name: `raw: ${what}`, handshake: hs, frames, expect };
  });
const rawCases = rawCasesOf(rawRows);

// ---------------------------------------------------------------- HTTP
type Body = (c: C) => string | Uint8Array;
type More = { headers?: HttpCase['headers']; auth?: HttpAuth; path?: HttpCase['path'] };
type HttpRow = [what: string, codes: Codes, body?: Body, more?: More];
type Method = HttpCase['method'];
const endpoint = (method: Method, label: string, path: HttpCase['path'], auth: HttpAuth, list: HttpRow[]) =>
  list.map(([what, codes, body, more]): HttpCase => ({
    channel: 'http',
    name: `http ${method} ${label}: ${what}`,
    ...{ method, path: more?.path ?? path, auth: more?.auth ?? auth, codes },
    ...(body && { body }),
    ...(more?.headers && { headers: more.headers }),
  }));
/** Rows that differ by path only (and perhaps by the Authorization header). */
type PathRow = [what: string, codes: Codes, path: HttpCase['path'], auth?: HttpAuth];
const pathRow = ([what, codes, path, auth]: PathRow): HttpRow => [what, codes, undefined, { path, auth }];
const paths = (method: Method, label: string, auth: HttpAuth, list: PathRow[]) =>
  endpoint(method, label, () => '/', auth, list.map(pathRow));
const body = (value: unknown) => () => json(value);
const B = (value: (c: C) => unknown) => (c: C) => json(value(c));
const text = (value: string) => () => value;
const signup = { email: 'new-fan@example.test', password: 'long enough password', displayName: 'New fan' };
const TAKEN = B((c) => ({ ...signup, email: c.otherFanEmail.toUpperCase() }));
const SU = (extra: object) => body({ ...signup, ...extra });
const gzip = (value: unknown) => () => new Uint8Array(gzipSync(json(value)));
const headers = (values: Record<string, string>): More => ({ headers: () => values });
const GZ = headers({ 'content-type': 'application/json', 'content-encoding': 'gzip' });
const PLAIN = headers({ 'content-type': 'text/plain' });
const bearer = (token: (c: C) => string) => (c: C) => `Bearer ${token(c)}`;
const at = (showId: string): More => ({ path: () => `/api/shows/${showId}/holds` });
const HOLDS = (c: C) => `/api/shows/${c.showId}/holds`;
const SEATS = (query: string) => (c: C) => `/api/shows/${c.showId}/seats?${query}`;
const K_HEADER = { 'idempotency-key': 'bad-input-http-key-0001' };
const K = headers(K_HEADER);
const USED_KEY: More = { headers: (c) => ({ 'idempotency-key': c.usedKey }) };
const key = (value: string) => headers({ 'idempotency-key': value });
const order = (extra: (c: C) => object = () => ({})) =>
  B((c) => ({ showId: c.showId, holdId: c.ownHoldId, paymentMethod: 'card', ...extra(c) }));
const ONE = body({ seats: [101] });
const BLOCKED = B((c) => ({ seats: [c.seats.blocked] }));
const block = (seats: (c: C) => unknown[], reason = 'camera') => B((c) => ({ seats: seats(c), reason }));
const admin = (op: string, showId?: string) => (c: C) => `/api/admin/shows/${showId ?? c.showId}/${op}`;
const UUID = '6f1c1e2a-3b4c-4d5e-8f70-8192a3b4c5d6';

const httpCases: HttpCase[] = [
  ...endpoint('POST', '/api/auth/signup', () => '/api/auth/signup', 'none', [
    ['garbage JSON', MJ, text('{"email": "a@b.c", garbage')],
    ['JSON array', VF, body([signup])],
    ['bare JSON string', is('MALFORMED_JSON', 'VALIDATION_FAILED'), text('"signup"')],
    ['empty object', VF, text('{}')],
    ['missing password', VF, SU({ password: undefined })],
    ['not an e-mail', VF, SU({ email: 'not-an-email' })],
    ['emoji e-mail', VF, SU({ email: '🎫@example.test' })],
    ['9-character password', VF, SU({ password: '123456789' })],
    ['201-character password', VF, SU({ password: 'p'.repeat(201) })],
    ['blank display name', VF, SU({ displayName: '   ' })],
    ['81-character display name', VF, SU({ displayName: 'n'.repeat(81) })],
    ['NUL in the display name', VF, SU({ displayName: 'Fan\u0000Zero' })],
    ['unknown language', VF, SU({ language: 'xx' })],
    ['extra field', VF, SU({ role: 'admin' })],
    ['__proto__ key', VF, text(`${json(signup).slice(0, -1)},"__proto__":{"a":1}}`)],
    ['text/plain body', VF, SU({}), PLAIN],
    ['no content type', VF, () => new TextEncoder().encode(json(signup))],
    ['unsupported charset', VF, SU({}), headers({ 'content-type': 'application/json; charset=latin1' })],
    ['unknown content encoding', VF, SU({}), headers({ 'content-encoding': 'compress' })],
    ['gzip header over plain bytes', is('MALFORMED_JSON', 'VALIDATION_FAILED'), SU({}), GZ],
    ['gzip bomb', TL, gzip({ ...signup, displayName: ' '.repeat(200_000) }), GZ],
    ['100 KB body', TL, SU({ displayName: 'n'.repeat(100_000) })],
    ['e-mail taken (capitals)', is('EMAIL_TAKEN'), TAKEN],
  ]),
  ...endpoint('POST', '/api/auth/signin', () => '/api/auth/signin', 'none', [
    ['garbage JSON', MJ, text('{{{')],
    ['JSON array', VF, text('[]')],
    ['missing password', VF, body({ email: 'a@example.test' })],
    ['numeric e-mail', VF, body({ email: 42, password: 'whatever' })],
    ['unknown e-mail', ICRED, body({ email: 'no@example.test', password: 'x' })],
    ['wrong password', ICRED, B((c) => ({ email: c.otherFanEmail, password: 'wrong' }))],
  ]),
  ...endpoint('POST', '/api/staff/auth/signin', () => '/api/staff/auth/signin', 'none', [
    ['garbage JSON', MJ, text('nope')],
    ['fan credentials', ICRED, B((c) => ({ email: c.otherFanEmail, password: 'correct horse battery' }))],
  ]),
  ...endpoint('POST', '/api/auth/refresh', () => '/api/auth/refresh', 'none', [
    ['no cookie', AR],
    ['garbage cookie', AI, undefined, headers({ cookie: 'sr_refresh=%E0%A4%A-x' })],
    ['JSON cookie', AR, undefined, headers({ cookie: 'sr_refresh=j:{"__proto__":{"a":1}}' })],
  ]),
  ...endpoint('POST', '/api/shows/:showId/holds', HOLDS, 'fan', [
    ['garbage JSON', MJ, text('{"seats": [1,')],
    ['empty body object', VF, text('{}')],
    ['empty seat array', VF, body({ seats: [] })],
    ['seats as strings', VF, body({ seats: ['101', '102'] })],
    ['negative seat', VF, body({ seats: [-5] })],
    ['fractional seat', VF, body({ seats: [101.25] })],
    ['seat beyond the venue', SNF, B((c) => ({ seats: [c.seatCount] }))],
    ['seat of another show’s venue', SNF, body({ seats: [1999] })],
    ['duplicate seat ids', is('DUPLICATE_SEATS'), body({ seats: [102, 102] })],
    ['9 seats', is('TOO_MANY_SEATS'), B((c) => ({ seats: c.seats.free.slice(0, 9) }))],
    ['65 seats', is('VALIDATION_FAILED', 'TOO_MANY_SEATS'), body({ seats: range(101, 65) })],
    ['10,000 seats', VF, body({ seats: MANY_SEATS })],
    ['100,000 seats (over the body limit)', TL, body({ seats: HUGE_SEATS })],
    ['gzip bomb of 100,000 seats', TL, gzip({ seats: BOMB_SEATS }), GZ],
    ['5 free seats (account limit)', is('LIMIT_EXCEEDED'), B((c) => ({ seats: c.seats.free.slice(0, 5) }))],
    ['another fan’s held seat', SUN, B((c) => ({ seats: [c.seats.foreignHeld] }))],
    ['unknown field', VF, body({ seats: [101], price: 1 })],
    ['__proto__ key', VF, text('{"seats":[101],"__proto__":{"seats":[102]}}')],
    ['text/plain body', VF, ONE, PLAIN],
    ['no Authorization', AR, ONE, { auth: 'none' }],
    ['Basic credentials', AR, ONE, { auth: () => 'Basic dTpw' }],
    ['garbage bearer token', AI, ONE, { auth: () => 'Bearer x.y.z' }],
    ['5,000-character bearer token', [...AR, ...AI], ONE, { auth: () => `Bearer ${'a'.repeat(5000)}` }],
    ['forged token', AI, ONE, { auth: bearer((c) => c.tokens.forged) }],
    ['expired token', is('AUTH_EXPIRED'), ONE, { auth: bearer((c) => c.tokens.expired) }],
    ['staff token', is('AUTH_INVALID', 'FORBIDDEN'), ONE, { auth: 'staff' }],
    ['unknown show', NOSHOW, ONE, at('no-such-show')],
    ['malformed show id', VF, ONE, at('Bad_Show!')],
    ['41-character show id', VF, ONE, at('a'.repeat(41))],
    ['encoded path traversal', VF, ONE, at('..%2F..%2Fadmin')],
    ['malformed percent-encoding', VF_NF, ONE, at('%E0%A4%A')],
    ['show not on sale yet', is('SHOW_NOT_ON_SALE'), ONE, at('later-show')],
  ]),
  ...paths('DELETE', '/api/shows/:showId/holds/:holdId', 'fan', [
    ['malformed hold id', VF, (c) => `${HOLDS(c)}/abc`],
    ['another fan’s hold', HNF, (c) => `${HOLDS(c)}/${c.foreignHoldId}`],
    ['sections beyond the venue', HNF, (c) => `${HOLDS(c)}/AAAAAAAAAAAA.${c.missingSection}`],
    ['17 sections', VF, (c) => `${HOLDS(c)}/${HOLD_17_SECTIONS}`],
    ['malformed percent-encoding', VF_NF, (c) => `${HOLDS(c)}/%ZZ`],
    ['unknown show', NOSHOW, (c) => `/api/shows/no-such-show/holds/${c.ownHoldId}`],
    ['no Authorization', AR, (c) => `${HOLDS(c)}/${c.ownHoldId}`, 'none'],
  ]),
  ...endpoint('POST', '/api/orders', () => '/api/orders', 'fan', [
    ['no Authorization', AR, order(), { ...K, auth: 'none' }],
    ['no Idempotency-Key', is('IDEMPOTENCY_KEY_REQUIRED'), order()],
    ['empty Idempotency-Key', VF, order(), key('')],
    ['short Idempotency-Key', VF, order(), key('abc')],
    ['Idempotency-Key with spaces', VF, order(), key('a key with spaces')],
    ['JSON array body', VF, (c) => `[${order()(c)}]`, K],
    ['garbage JSON', MJ, text('{"showId":'), K],
    ['missing holdId', VF, B((c) => ({ showId: c.showId, paymentMethod: 'card' })), K],
    ['unknown payment method', VF, order(() => ({ paymentMethod: 'cash' })), K],
    ['unknown field', VF, order(() => ({ discount: 100 })), K],
    ['another fan’s hold', HNF, order((c) => ({ holdId: c.foreignHoldId })), K],
    ['key used for another hold', is('IDEMPOTENCY_KEY_REUSED'), order(), USED_KEY],
    ['text/plain body', VF, order(), headers({ ...K_HEADER, 'content-type': 'text/plain' })],
  ]),
  ...paths('GET', '/api/orders/:orderId', 'fan', [
    ['not a uuid', VF, () => '/api/orders/not-a-uuid'],
    ['malformed percent-encoding', VF_NF, () => '/api/orders/%ZZ'],
    ['another fan’s order', ONF, (c) => `/api/orders/${c.foreignOrderId}`],
    ['unknown order', ONF, () => `/api/orders/${UUID}`],
    ['forged token', AI, () => `/api/orders/${UUID}`, bearer((c) => c.tokens.forged)],
  ]),
  ...paths('GET', '/api/shows/:showId/seats', 'none', [
    ['sections=garbage', VF, SEATS('sections=garbage')],
    ['sections=99999', VF, SEATS('sections=99999')],
    ['section beyond the venue', NOSECTION, (c) => `${SEATS('sections=0,')(c)}${c.missingSection}`],
    ['sections=1&sections=2', VF, SEATS('sections=1&sections=2')],
    ['sections=1,,2', VF, SEATS('sections=1,,2')],
    ['513 sections', VF, SEATS(`sections=${range(0, 513).join(',')}`)],
    ['unknown show', NOSHOW, () => '/api/shows/no-such-show/seats'],
  ]),
  ...endpoint('POST', '/api/admin/shows/:showId/blocks', admin('blocks'), 'staff', [
    ['fan token', is('AUTH_INVALID', 'FORBIDDEN'), ONE, { auth: 'fan' }],
    ['no Authorization', AR, ONE, { auth: 'none' }],
    ['empty seat array', VF, block(() => [])],
    ['reason with a pipe', VF, block(() => [101], 'camera|S|fake')],
    ['61-character reason', VF, block(() => [101], 'r'.repeat(61))],
    ['emoji reason', VF, block(() => [101], 'camera 🎥')],
    ['1,001 seats', VF, block(() => range(0, 1001))],
    ['garbage JSON', MJ, text('{"seats":[1')],
    ['seat beyond the venue', SNF, block((c) => [101, c.seatCount])],
    ['duplicate seats', is('DUPLICATE_SEATS'), block(() => [102, 102])],
    ['a fan’s held seat', SUN, block((c) => [101, c.seats.foreignHeld])],
    ['unknown show', NOSHOW, block(() => [101]), { path: admin('blocks', 'no-such-show') }],
  ]),
  ...endpoint('POST', '/api/admin/shows/:showId/unblocks', admin('unblocks'), 'staff', [
    ['a fan’s held seat', SUN, B((c) => ({ seats: [c.seats.foreignHeld] }))],
    ['seats as strings', VF, body({ seats: ['50'] })],
    ['seat beyond the venue', SNF, B((c) => ({ seats: [c.seatCount] }))],
    ['unknown field', VF, block((c) => [c.seats.blocked])],
    ['unknown show', NOSHOW, BLOCKED, { path: admin('unblocks', 'no-such-show') }],
  ]),
  ...paths('GET', 'elsewhere', 'none', [
    ['unknown endpoint', is('NOT_FOUND'), () => '/api/no-such-endpoint'],
    ['availability of a malformed show id', VF, () => '/api/shows/BAD!/availability'],
    ['geometry of a malformed venue id', VF, () => '/api/venues/BAD!/geometry'],
    ['/api/me with an expired token', is('AUTH_EXPIRED'), () => '/api/me', bearer((c) => c.tokens.expired)],
  ]),
  ...endpoint('PUT', '/api/orders', () => '/api/orders', 'fan', [
    ['no such method', is('NOT_FOUND'), text('{}')],
  ]),
];

export const badInputCases: BadInputCase[] = [...socketCases, ...handshakeCases, ...rawCases, ...httpCases];

// The builders of this table, for the tables of other features (./bad-input-queue-cases.ts).
export type { Body, HttpRow, More, PathRow, RawRow };
export { AI, AR, AS_FAN, B, K_HEADER, MJ, ONE, PLACEHOLDER, PLAIN, TL, VF, VF_NF, ack, base64url, bearer };
export { body, endpoint, frames, is, json, noAck, parsed, paths, pay, rawCasesOf, rows, sk, text, unknown };
