import {
  AI,
  AR,
  AS_FAN,
  B,
  K_HEADER,
  MJ,
  ONE,
  PLACEHOLDER,
  PLAIN,
  TL,
  VF,
  VF_NF,
  ack,
  base64url,
  bearer,
  body,
  endpoint,
  frames,
  is,
  json,
  noAck,
  parsed,
  paths,
  pay,
  rawCasesOf,
  rows,
  sk,
  text,
  unknown,
  type BadInputCase,
  type BadInputContext,
  type Body,
  type Codes,
  type HttpCase,
  type HttpRow,
  type More,
  type PathRow,
  type RawRow,
  type SocketCase,
  type SocketRole,
} from './bad-input-cases';

/**
 * The waiting room's rows of the bad-input table (bad-input.test.ts): every queue command, the
 * queue's HTTP endpoints, and the admission gate of shows sold through a sale. The context's sale
 * is in its pre-queue, another fan has joined it, and the attacking fan has neither joined nor been
 * admitted: so a valid join is the one thing that would change state, and is never sent with an ack.
 */
type C = BadInputContext;

// ---------------------------------------------------------------- the waiting room over Socket.IO
const [NOSALE, ARQ, AINV, AEXP] = [
  is('SALE_NOT_FOUND'),
  is('ADMISSION_REQUIRED'),
  is('ADMISSION_INVALID'),
  is('ADMISSION_EXPIRED'),
];
const QUEUE_EVENTS = ['queue:join', 'queue:status', 'queue:leave', 'queue:enter', 'queue:admission'] as const;
type QueueEvent = (typeof QUEUE_EVENTS)[number];
/** Fields every queue:admission payload carries besides the sale id: a well-formed token. */
const queueExtra = (event: QueueEvent, c: C): object =>
  event === 'queue:admission' ? { token: c.admission.inactive } : {};
const Q = (event: QueueEvent, saleId: (c: C) => unknown, more: object = {}) => {
  return (c: C) => ({ saleId: saleId(c), ...queueExtra(event, c), ...more });
};
/** The context's sale, with `more` fields. */
const THE_SALE =
  (more: object = {}) =>
  (event: QueueEvent) =>
    Q(event, (c) => c.saleId, more);
type QueueRow = [
  what: string,
  payload: (event: QueueEvent) => (c: C) => unknown,
  codes: Codes,
  as?: SocketRole,
];
/** Malformed payloads, bad sale ids and identities: the same for every queue event. */
const queueShapeRows: QueueRow[] = [
  ['payload is the sale id', () => (c) => c.saleId, VF],
  ['payload is a number', () => () => 42, VF],
  ['payload is null', () => () => null, VF],
  ['payload is an array', (e) => (c) => [THE_SALE()(e)(c)], VF],
  ['payload is a boolean', () => () => false, VF],
  ['empty object', () => () => ({}), VF],
  ['a show id instead of a sale id', (e) => (c) => ({ showId: c.saleShowId, ...queueExtra(e, c) }), VF],
  ['unknown extra field', THE_SALE({ accountId: 'someone-else' }), VF],
  ['extra field "place"', THE_SALE({ place: 1 }), VF],
  ['numeric sale id', (e) => Q(e, () => 42), VF],
  ['null sale id', (e) => Q(e, () => null), VF],
  ['sale id in an array', (e) => Q(e, (c) => [c.saleId]), VF],
  ['sale id as an object', (e) => Q(e, (c) => ({ id: c.saleId })), VF],
  ['empty sale id', (e) => Q(e, () => ''), VF],
  ['sale id in capitals', (e) => Q(e, (c) => c.saleId.toUpperCase()), VF],
  ['emoji sale id', (e) => Q(e, () => 'test-sale-🎫'), VF],
  ['41-character sale id', (e) => Q(e, () => 'a'.repeat(41)), VF],
  ['60 KB sale id', (e) => Q(e, () => 's'.repeat(60_000)), VF],
  ['control characters in the sale id', (e) => Q(e, (c) => `${c.saleId}\u0000\u001b`), VF],
  ['sale id with a path', (e) => Q(e, (c) => `../${c.saleId}`), VF],
  ['sale id with a Redis hash tag', (e) => Q(e, (c) => `}{sale:${c.saleId}`), VF],
  ['sale id with a glob', () => () => ({ saleId: '*' }), VF],
  ['__proto__ key', (e) => (c) => parsed(`${json(THE_SALE()(e)(c)).slice(0, -1)},"__proto__":{"a":1}}`), VF],
  ['unknown sale', (e) => Q(e, () => 'no-such-sale'), NOSALE],
  ['a show id as the sale id', (e) => Q(e, (c) => c.saleShowId), NOSALE],
  ['no identity', THE_SALE(), AR, 'anonymous'],
  ['staff identity', THE_SALE(), is('FORBIDDEN'), 'staff'],
  ['expired identity', THE_SALE(), is('AUTH_EXPIRED'), 'expired'],
];
const queueRows = (event: QueueEvent, list: QueueRow[]) =>
  list.map(([what, payload, codes, as = 'fan']) => sk(event, what, (c) => [payload(event)(c)], codes, as));
/** Same shape for every queue event: no payload, an extra argument, a valid payload without an ack. */
const queueArity = (event: QueueEvent): SocketCase[] => [
  sk(event, 'no payload, only the ack', () => [], VF),
  sk(event, 'an extra argument', (c) => [THE_SALE()(event)(c), {}], VF),
  noAck(event, 'valid payload', THE_SALE()(event)),
];
const T = (token: (c: C) => unknown) => () => (c: C) => ({ saleId: c.saleId, token: token(c) });
const UNSIGNED_ADMISSION = `${base64url({ alg: 'none' })}.${base64url({ sub: 'x', aud: 'sale:test-sale' })}.`;

const queueSocketCases: SocketCase[] = [
  ...QUEUE_EVENTS.flatMap((event) => [...queueRows(event, queueShapeRows), ...queueArity(event)]),
  sk('queue:join', 'pre-queue not open yet', (c) => [{ saleId: c.earlySaleId }], is('QUEUE_NOT_OPEN')),
  sk('queue:join', 'sale closed', (c) => [{ saleId: c.closedSaleId }], is('QUEUE_CLOSED')),
  ...queueRows('queue:status', [
    ['not in the queue', () => (c) => ({ saleId: c.saleId }), is('NOT_IN_QUEUE')],
    ['pre-queue not open yet', () => (c) => ({ saleId: c.earlySaleId }), is('NOT_IN_QUEUE')],
  ]),
  ...queueRows('queue:enter', [
    ['not admitted', () => (c) => ({ saleId: c.saleId }), is('NOT_ADMITTED')],
    ['pre-queue not open yet', () => (c) => ({ saleId: c.earlySaleId }), is('NOT_ADMITTED')],
  ]),
  ...queueRows('queue:admission', [
    ['missing token', () => (c) => ({ saleId: c.saleId }), VF],
    ['empty token', T(() => ''), VF],
    ['numeric token', T(() => 12345), VF],
    ['token as an object', T((c) => ({ token: c.admission.inactive })), VF],
    ['token with spaces', T(() => 'not an admission token'), VF],
    ['two-part token', T(() => 'abc.def'), VF],
    ['token of 2,049 characters', T(() => `a.b.${'c'.repeat(2045)}`), VF],
    ['60 KB token', T(() => `a.b.${'c'.repeat(60_000)}`), VF],
    ['unsigned (alg none) token', T(() => UNSIGNED_ADMISSION), VF],
    ['Bearer-prefixed token', T((c) => `Bearer ${c.admission.inactive}`), VF],
    ['well-formed garbage', T(() => 'aaa.bbb.ccc'), AINV],
    ['token signed with another secret', T((c) => c.admission.forged), AINV],
    ['a session token', T((c) => c.tokens.fan), AINV],
    ['another fan’s token', T((c) => c.admission.otherFan), AINV],
    ['token of another sale', T((c) => c.admission.otherSale), AINV],
    ['expired token', T((c) => c.admission.expired), AEXP],
    ['valid token, not an active shopper', T((c) => c.admission.inactive), AEXP],
    [
      'token for the other sale id',
      () => (c) => ({ saleId: c.earlySaleId, token: c.admission.inactive }),
      AINV,
    ],
  ]),
  noAck('queue:admission', 'forged token', T((c) => c.admission.forged)()),
  unknown('queue:JOIN', 'queue:join in capitals'),
  unknown('queue:cursor', 'a server-to-client event'),
  unknown('queue:', 'queue: with no verb'),
  // Shows sold through the waiting room: nothing without admission. [Q13]
  ...rows('seats:hold', [
    ['show in a sale, no admission', (c) => ({ showId: c.saleShowId, seats: [101] }), ARQ],
    ['show in a sale, no identity', (c) => ({ showId: c.saleShowId, seats: [101] }), AR, 'anonymous'],
  ]),
  ...rows('show:subscribe', [
    ['seats of a show in a sale, no admission', (c) => ({ showId: c.saleShowId, sections: 'all' }), ARQ],
    ['a section of a show in a sale, no admission', (c) => ({ showId: c.saleShowId, sections: [0] }), ARQ],
  ]),
  ...rows('order:checkout', [['show in a sale, no admission', (c) => pay(c, { showId: c.saleShowId }), ARQ]]),
];

// ---------------------------------------------------------------- the waiting room in raw frames
const QUEUE_PLACEHOLDER = (c: C) => [
  `421["queue:admission",{"saleId":"${c.saleId}","token":${PLACEHOLDER}}]`,
];
const queueRawRows: RawRow[] = [
  ['queue:join with a bare sale id', (c) => [`421["queue:join","${c.saleId}"]`], [ack(...VF)], AS_FAN],
  ['queue:join with no payload', frames('421["queue:join"]'), [ack(...VF)], AS_FAN],
  ['queue:join as an object frame', (c) => [`421{"saleId":"${c.saleId}"}`], ['close'], AS_FAN],
  [
    'valid queue:join without an ack id',
    (c) => [`42["queue:join",{"saleId":"${c.saleId}"}]`],
    ['ignored'],
    AS_FAN,
  ],
  [
    'queue:enter with extra arguments',
    (c) => [`421["queue:enter",{"saleId":"${c.saleId}"},{}]`],
    [ack(...VF)],
    AS_FAN,
  ],
  ['queue:admission with a placeholder token', QUEUE_PLACEHOLDER, [ack(...VF)], AS_FAN],
  ['queue:join with a sale id of 1e400', frames('421["queue:join",{"saleId":1e400}]'), [ack(...VF)], AS_FAN],
];

// ---------------------------------------------------------------- the waiting room over HTTP
const sale = (rest: string, saleId?: string) => (c: C) => `/api/sales/${saleId ?? c.saleId}${rest}`;
const saleAt = (rest: string) => (saleId: string) => sale(rest, saleId);
const adminSale = (saleId?: string) => (c: C) => `/api/admin/sales/${saleId ?? c.saleId}/queue`;
/** Bad sale ids in the path of an endpoint; `at` builds the path from the id. */
const badSaleIds = (at: (saleId: string) => (c: C) => string): PathRow[] => [
  ['unknown sale', NOSALE, at('no-such-sale')],
  ['a show id as the sale id', NOSALE, (c) => at(c.saleShowId)(c)],
  ['sale id in capitals', VF, at('TEST-SALE')],
  ['41-character sale id', VF, at('a'.repeat(41))],
  ['2,000-character sale id', VF, at('s'.repeat(2000))],
  ['encoded emoji sale id', VF, at(encodeURIComponent('sale-🎫'))],
  ['encoded NUL in the sale id', VF, at('test-sale%00')],
  ['encoded path traversal', VF, at('..%2F..%2Fadmin')],
  ['encoded hash tag', VF, at(encodeURIComponent('}{sale:test-sale'))],
  ['malformed percent-encoding', VF_NF, at('%E0%A4%A')],
];
/** Who may not: no Authorization, another scheme, a garbage, forged or expired token, the other audience. */
export const badIdentities = (path: HttpCase['path'], other: 'fan' | 'staff'): PathRow[] => [
  ['no Authorization', AR, path, 'none'],
  ['Basic credentials', AR, path, () => 'Basic dTpw'],
  ['garbage bearer token', AI, path, () => 'Bearer x.y.z'],
  ['forged token', AI, path, bearer((c) => c.tokens.forged)],
  ['expired token', is('AUTH_EXPIRED', 'AUTH_INVALID'), path, bearer((c) => c.tokens.expired)],
  ['an admission token as the session token', AI, path, bearer((c) => c.admission.inactive)],
  [`${other} token`, is('AUTH_INVALID', 'FORBIDDEN'), path, other],
];
const STATUS = (query: string) => (c: C) => `${sale('/queue/status')(c)}?${query}`;
const VERIFY = (query: string) => (c: C) => `${sale('/queue/verify')(c)}?${query}`;
const ADMISSION = (token: (c: C) => string): More => ({
  headers: (c) => ({ 'x-admission-token': token(c) }),
});
const saleHold = (c: C) => `/api/shows/${c.saleShowId}/holds`;
const saleSeats = (c: C) => `/api/shows/${c.saleShowId}/seats`;
/** X-Admission-Token values a hold or a checkout of a show in a sale must refuse. [Q13] */
const admissionHeaderRows = (extra: Record<string, string> = {}): HttpRow[] => {
  const header = (token: (c: C) => string): More => ({
    headers: (c) => ({ ...extra, 'x-admission-token': token(c) }),
  });
  return [
    ['no X-Admission-Token', ARQ, undefined, { headers: () => extra }],
    ['empty X-Admission-Token', is('ADMISSION_REQUIRED', 'ADMISSION_INVALID'), undefined, header(() => '')],
    ['X-Admission-Token garbage', AINV, undefined, header(() => 'not an admission token')],
    ['X-Admission-Token of 5,000 characters', AINV, undefined, header(() => `a.b.${'c'.repeat(4996)}`)],
    ['X-Admission-Token well-formed garbage', AINV, undefined, header(() => 'aaa.bbb.ccc')],
    ['X-Admission-Token unsigned (alg none)', AINV, undefined, header(() => UNSIGNED_ADMISSION)],
    [
      'X-Admission-Token with a Bearer prefix',
      AINV,
      undefined,
      header((c) => `Bearer ${c.admission.inactive}`),
    ],
    [
      'two X-Admission-Tokens',
      AINV,
      undefined,
      header((c) => `${c.admission.inactive}, ${c.admission.inactive}`),
    ],
    ['X-Admission-Token signed with another secret', AINV, undefined, header((c) => c.admission.forged)],
    ['a session token as X-Admission-Token', AINV, undefined, header((c) => c.tokens.fan)],
    ['another fan’s X-Admission-Token', AINV, undefined, header((c) => c.admission.otherFan)],
    ['X-Admission-Token of another sale', AINV, undefined, header((c) => c.admission.otherSale)],
    ['expired X-Admission-Token', AEXP, undefined, header((c) => c.admission.expired)],
    ['X-Admission-Token of an inactive shopper', AEXP, undefined, header((c) => c.admission.inactive)],
  ];
};
const withBody = (rows: HttpRow[], value: Body): HttpRow[] =>
  rows.map(([what, codes, , more]) => [what, codes, value, more]);
const SALE_ORDER = B((c) => ({ showId: c.saleShowId, holdId: c.ownHoldId, paymentMethod: 'card' }));

const queueHttpCases: HttpCase[] = [
  ...endpoint('POST', '/api/sales', () => '/api/sales', 'staff', [
    ['no such method', is('NOT_FOUND'), body({})],
  ]),
  ...paths('DELETE', '/api/sales', 'staff', [['no such method', is('NOT_FOUND'), () => '/api/sales']]),
  ...paths('PUT', '/api/sales/:saleId', 'staff', [['no such method', is('NOT_FOUND'), sale('')]]),
  ...paths('GET', '/api/sales/:saleId', 'none', badSaleIds(saleAt(''))),
  ...paths('GET', '/api/sales/:saleId/queue/status', 'none', [
    ...badSaleIds((id) => (c) => `${sale('/queue/status', id)(c)}?place=1`),
    ['place=abc', VF, STATUS('place=abc')],
    ['place=0', VF, STATUS('place=0')],
    ['place=-1', VF, STATUS('place=-1')],
    ['place=1.5', VF, STATUS('place=1.5')],
    ['place=1e10', VF, STATUS('place=1e10')],
    ['place=Infinity', VF, STATUS('place=Infinity')],
    ['empty place', VF, STATUS('place=')],
    ['place=1&place=2', VF, STATUS('place=1&place=2')],
    ['place of 5,000 digits', VF, STATUS(`place=${'9'.repeat(5000)}`)],
  ]),
  ...paths('GET', '/api/sales/:saleId/queue/verify', 'none', [
    ...badSaleIds((id) => (c) => `${sale('/queue/verify', id)(c)}?arrival=0`),
    ['no arrival', VF, sale('/queue/verify')],
    ['arrival=abc', VF, VERIFY('arrival=abc')],
    ['arrival=-1', VF, VERIFY('arrival=-1')],
    ['arrival=0.5', VF, VERIFY('arrival=0.5')],
    ['arrival=1e10', VF, VERIFY('arrival=1e10')],
    ['arrival=0&arrival=1', VF, VERIFY('arrival=0&arrival=1')],
    ['before the shuffle', is('QUEUE_NOT_OPEN'), VERIFY('arrival=0')],
  ]),
  ...paths('POST', '/api/sales/:saleId/queue', 'fan', [
    ...badSaleIds(saleAt('/queue')),
    ...badIdentities(sale('/queue'), 'staff'),
  ]),
  ...endpoint('POST', '/api/sales/:saleId/queue', sale('/queue'), 'fan', [
    ['garbage JSON body', MJ, text('{"saleId":')],
    ['100 KB body', TL, body({ note: 'n'.repeat(100_000) })],
  ]),
  ...paths('POST', '/api/sales/:saleId/queue', 'fan', [
    ['pre-queue not open yet', is('QUEUE_NOT_OPEN'), (c) => sale('/queue', c.earlySaleId)(c)],
  ]),
  ...paths('POST', '/api/sales/:saleId/queue', 'fan', [
    ['sale closed', is('QUEUE_CLOSED'), (c) => sale('/queue', c.closedSaleId)(c)],
  ]),
  ...paths('GET', '/api/sales/:saleId/queue/me', 'fan', [
    ...badSaleIds(saleAt('/queue/me')),
    ...badIdentities(sale('/queue/me'), 'staff'),
    ['not in the queue', is('NOT_IN_QUEUE'), sale('/queue/me')],
    ['pre-queue not open yet', is('NOT_IN_QUEUE'), (c) => sale('/queue/me', c.earlySaleId)(c)],
  ]),
  ...paths('DELETE', '/api/sales/:saleId/queue/me', 'fan', [
    ...badSaleIds(saleAt('/queue/me')),
    ...badIdentities(sale('/queue/me'), 'staff'),
  ]),
  ...paths('POST', '/api/sales/:saleId/admission', 'fan', [
    ...badSaleIds(saleAt('/admission')),
    ...badIdentities(sale('/admission'), 'staff'),
    ['not admitted', is('NOT_ADMITTED'), sale('/admission')],
    ['pre-queue not open yet', is('NOT_ADMITTED'), (c) => sale('/admission', c.earlySaleId)(c)],
  ]),
  ...endpoint('POST', '/api/sales/:saleId/admission', sale('/admission'), 'fan', [
    ['garbage JSON body', MJ, text('{{')],
  ]),
  ...paths('GET', '/api/admin/sales/:saleId/queue', 'staff', [
    ...badSaleIds(adminSale),
    ...badIdentities(adminSale(), 'fan'),
  ]),
  ...paths('PATCH', '/api/admin/sales/:saleId/queue', 'staff', [
    ...badSaleIds(adminSale),
    ...badIdentities(adminSale(), 'fan'),
  ]).map((testCase): HttpCase => ({ ...testCase, body: body({ paused: true }) })),
  ...endpoint('PATCH', '/api/admin/sales/:saleId/queue', adminSale(), 'staff', [
    [
      'agent (not a manager) pausing',
      is('FORBIDDEN'),
      body({ paused: true }),
      { auth: bearer((c) => c.tokens.agent) },
    ],
    [
      'agent changing the cap',
      is('FORBIDDEN'),
      body({ activeCap: 1 }),
      { auth: bearer((c) => c.tokens.agent) },
    ],
    ['no body', VF],
    ['empty object', VF, text('{}')],
    ['garbage JSON', MJ, text('{"paused":')],
    ['bare JSON true', is('MALFORMED_JSON', 'VALIDATION_FAILED'), text('true')],
    ['JSON array', VF, body([{ paused: true }])],
    ['paused as a string', VF, body({ paused: 'true' })],
    ['paused as 1', VF, body({ paused: 1 })],
    ['paused null', VF, body({ paused: null })],
    ['activeCap 0', VF, body({ activeCap: 0 })],
    ['negative activeCap', VF, body({ activeCap: -5 })],
    ['fractional activeCap', VF, body({ activeCap: 2.5 })],
    ['activeCap as a string', VF, body({ activeCap: '10' })],
    ['activeCap over the maximum', VF, body({ activeCap: 1_000_001 })],
    ['activeCap 1e400 (Infinity)', VF, text('{"activeCap":1e400}')],
    ['admitRatePerSecond 0', VF, body({ admitRatePerSecond: 0 })],
    ['admitRatePerSecond over the maximum', VF, body({ admitRatePerSecond: 100_001 })],
    ['valid cap with an unknown field', VF, body({ activeCap: 5, cursor: 1000 })],
    ['phase', VF, body({ phase: 'live' })],
    ['seed', VF, body({ seed: '0'.repeat(64) })],
    ['__proto__ key', VF, text('{"paused":true,"__proto__":{"activeCap":1}}')],
    ['text/plain body', VF, body({ paused: true }), PLAIN],
    ['100 KB body', TL, body({ paused: true, note: 'n'.repeat(100_000) })],
  ]),
  // Holds and checkouts of a show sold through the waiting room: only with a live admission. [Q13]
  ...endpoint('POST', '/api/shows/:showId/holds (show in a sale)', saleHold, 'fan', [
    ...withBody(admissionHeaderRows(), ONE),
    ['no Authorization', AR, ONE, { auth: 'none', ...ADMISSION((c) => c.admission.inactive) }],
    [
      'staff token',
      is('AUTH_INVALID', 'FORBIDDEN'),
      ONE,
      { auth: 'staff', ...ADMISSION((c) => c.admission.inactive) },
    ],
    ['garbage body, forged admission', AINV, body({ seats: [] }), ADMISSION((c) => c.admission.forged)],
  ]),
  ...endpoint('POST', '/api/orders (show in a sale)', () => '/api/orders', 'fan', [
    ...withBody(admissionHeaderRows(K_HEADER), SALE_ORDER),
  ]),
  ...paths('GET', '/api/shows/:showId/seats (show in a sale)', 'fan', [
    ['no Authorization', AR, saleSeats, 'none'],
    ['no admission', ARQ, saleSeats],
    ['forged fan token', AI, saleSeats, bearer((c) => c.tokens.forged)],
  ]),
  ...endpoint('GET', '/api/shows/:showId/seats (show in a sale)', saleSeats, 'fan', [
    ['X-Admission-Token garbage', AINV, undefined, ADMISSION(() => 'garbage')],
    ['forged X-Admission-Token', AINV, undefined, ADMISSION((c) => c.admission.forged)],
  ]),
];
export const queueBadInputCases: BadInputCase[] = [
  ...queueSocketCases,
  ...rawCasesOf(queueRawRows),
  ...queueHttpCases,
];
