import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './routes';

describe('parseRoute', () => {
  it('reads every page from the hash, so a reload lands on the same page', () => {
    expect(parseRoute('')).toEqual({ name: 'event' });
    expect(parseRoute('#/shows/bkk-2027-03-13')).toEqual({ name: 'seatMap', showId: 'bkk-2027-03-13' });
    expect(parseRoute('#/shows/bkk-2027-03-13/checkout')).toEqual({
      name: 'checkout',
      showId: 'bkk-2027-03-13',
    });
    expect(parseRoute('#/sales/aurora-bkk-2027/queue')).toEqual({ name: 'queue', saleId: 'aurora-bkk-2027' });
    expect(parseRoute(href.queue('aurora-bkk-2027'))).toEqual({ name: 'queue', saleId: 'aurora-bkk-2027' });
    expect(parseRoute('#/orders/6f1c0f9e-2a47-4a8e-9d7f-0a1b2c3d4e5f').name).toBe('order');
    expect(parseRoute('#/nope')).toEqual({ name: 'notFound' });
  });

  it('round-trips the return address of sign-in, and refuses one outside the app', () => {
    expect(parseRoute(href.signIn(href.show('bkk-2027-03-14')))).toEqual({
      name: 'signIn',
      next: '/shows/bkk-2027-03-14',
    });
    expect(parseRoute(href.signIn(href.queue('aurora-bkk-2027')))).toEqual({
      name: 'signIn',
      next: '/sales/aurora-bkk-2027/queue',
    });
    expect(parseRoute('#/signin?next=%2F%2Fevil.example')).toEqual({ name: 'signIn', next: '/' });
    expect(parseRoute('#/signup?next=https%3A%2F%2Fevil.example')).toEqual({ name: 'signUp', next: '/' });
  });
});
