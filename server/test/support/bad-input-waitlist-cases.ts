import {
  MJ,
  TL,
  VF,
  VF_NF,
  body,
  endpoint,
  is,
  paths,
  text,
  type BadInputCase,
  type BadInputContext,
  type HttpCase,
  type PathRow,
} from './bad-input-cases';
import { badIdentities } from './bad-input-queue-cases';

/**
 * The waitlist's rows of the bad-input table (bad-input.test.ts). The context's sold-out show has
 * another fan on its waitlist and the attacking fan not: a valid join of it is the one request that
 * would change state, and is never sent; every other show of the context has free seats.
 */
type C = BadInputContext;

const NOSHOW = is('SHOW_NOT_FOUND');
const waitlist = (rest: string, showId?: string) => (c: C) =>
  `/api/shows/${showId ?? c.soldOutShowId}/waitlist${rest}`;
const waitlistAt = (rest: string) => (showId: string) => waitlist(rest, showId);

/** Bad show ids in the path of an endpoint; `at` builds the path from the id. */
const badShowIds = (at: (showId: string) => (c: C) => string): PathRow[] => [
  ['unknown show', NOSHOW, at('no-such-show')],
  ['a sale id as the show id', NOSHOW, (c) => at(c.saleId)(c)],
  ['show id in capitals', VF, at('FULL-SHOW')],
  ['41-character show id', VF, at('a'.repeat(41))],
  ['2,000-character show id', VF, at('s'.repeat(2000))],
  ['encoded emoji show id', VF, at(encodeURIComponent('show-🎫'))],
  ['encoded NUL in the show id', VF, at('test-show%00')],
  ['encoded path traversal', VF, at('..%2F..%2Fadmin')],
  ['encoded hash tag', VF, at(encodeURIComponent('}{show:test-show'))],
  ['malformed percent-encoding', VF_NF, at('%E0%A4%A')],
];

const waitlistHttpCases: HttpCase[] = [
  ...paths('POST', '/api/shows/:showId/waitlist', 'fan', [
    ...badShowIds(waitlistAt('')),
    ...badIdentities(waitlist(''), 'staff'),
    ['show with free seats', is('WAITLIST_NOT_OPEN'), (c) => waitlist('', c.showId)(c)],
    ['show in a sale, with free seats', is('WAITLIST_NOT_OPEN'), (c) => waitlist('', c.saleShowId)(c)],
    ['show not on sale yet', is('SHOW_NOT_ON_SALE'), (c) => waitlist('', c.offSaleShowId)(c)],
  ]),
  // The body is empty or {}: anything else is refused before the sold-out show is joined.
  ...endpoint('POST', '/api/shows/:showId/waitlist', waitlist(''), 'fan', [
    ['garbage JSON', MJ, text('{"position":')],
    ['JSON array', VF, body([])],
    ['bare JSON string', is('MALFORMED_JSON', 'VALIDATION_FAILED'), text('"join"')],
    ['JSON null', is('MALFORMED_JSON', 'VALIDATION_FAILED'), text('null')],
    ['a position', VF, body({ position: 1 })],
    ['an account id', VF, (c) => JSON.stringify({ accountId: c.tokens.otherFan })],
    ['__proto__ key', VF, text('{"__proto__":{"position":1}}')],
    ['unknown content encoding', VF, body({}), { headers: () => ({ 'content-encoding': 'compress' }) }],
    ['100 KB body', TL, body({ note: 'n'.repeat(100_000) })],
  ]),
  ...paths('GET', '/api/shows/:showId/waitlist/me', 'fan', [
    ...badShowIds(waitlistAt('/me')),
    ...badIdentities(waitlist('/me'), 'staff'),
  ]),
  ...endpoint('PUT', '/api/shows/:showId/waitlist', waitlist(''), 'fan', [
    ['no such method', is('NOT_FOUND'), body({})],
  ]),
  ...paths('DELETE', '/api/shows/:showId/waitlist/me', 'fan', [
    ['no such method (yet)', is('NOT_FOUND'), waitlist('/me')],
  ]),
];

export const waitlistBadInputCases: BadInputCase[] = waitlistHttpCases;
