import { useSyncExternalStore } from 'react';

/**
 * A tiny hash router: the page lives in the URL hash, so a reload lands on the same page and the
 * server needs no route of its own. Pure parsing below; `useRoute` follows hashchange.
 */
export type Route =
  | { name: 'event' }
  | { name: 'seatMap'; showId: string }
  | { name: 'checkout'; showId: string }
  | { name: 'queue'; saleId: string }
  | { name: 'order'; orderId: string }
  | { name: 'tickets' }
  | { name: 'boxOffice' }
  | { name: 'signIn'; next: string }
  | { name: 'signUp'; next: string }
  | { name: 'notFound' };

const SEGMENT = '([A-Za-z0-9_-]{1,64})';

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const next = safeNext(new URLSearchParams(query).get('next'));
  let match: RegExpExecArray | null;
  if (path === '' || path === '/') return { name: 'event' };
  if ((match = new RegExp(`^/shows/${SEGMENT}$`).exec(path))) return { name: 'seatMap', showId: match[1]! };
  if ((match = new RegExp(`^/shows/${SEGMENT}/checkout$`).exec(path)))
    return { name: 'checkout', showId: match[1]! };
  if ((match = new RegExp(`^/sales/${SEGMENT}/queue$`).exec(path)))
    return { name: 'queue', saleId: match[1]! };
  if ((match = new RegExp(`^/orders/${SEGMENT}$`).exec(path))) return { name: 'order', orderId: match[1]! };
  if (path === '/tickets') return { name: 'tickets' };
  if (path === '/box-office') return { name: 'boxOffice' };
  if (path === '/signin') return { name: 'signIn', next };
  if (path === '/signup') return { name: 'signUp', next };
  return { name: 'notFound' };
}

/** Only a path inside this app may be a return address (no "//evil.example"). */
function safeNext(next: string | null): string {
  return next && /^\/(?!\/)[\w\-/]*$/.test(next) ? next : '/';
}

const withNext = (path: string, next?: string) =>
  next && next !== '/' ? `${path}?next=${encodeURIComponent(next)}` : path;

/** Links to every page (sign-in takes the page to return to). */
export const href = {
  event: () => '#/',
  show: (showId: string) => `#/shows/${showId}`,
  checkout: (showId: string) => `#/shows/${showId}/checkout`,
  queue: (saleId: string) => `#/sales/${saleId}/queue`,
  order: (orderId: string) => `#/orders/${orderId}`,
  tickets: () => '#/tickets',
  boxOffice: () => '#/box-office',
  signIn: (next?: string) => `#${withNext('/signin', next?.replace(/^#/, ''))}`,
  signUp: (next?: string) => `#${withNext('/signup', next?.replace(/^#/, ''))}`,
};

export function navigate(target: string): void {
  window.location.hash = target.replace(/^#/, '');
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
