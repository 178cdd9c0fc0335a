import type { VenueModel } from '../../../client/src/venue/venue-model';
import type { Random } from './random';

/**
 * What a simulated fan does is decided by its behaviour, a plug-in behind this one interface: the
 * fan loop (fan.ts) speaks the protocol and asks the behaviour at every choice. A human fan is one
 * behaviour (human-fan.ts); bots (no challenge, replayed tokens, many tabs, many accounts per device,
 * inhuman click speed) are others, registered in behaviours.ts, with no change to the loop.
 */

export interface ShowInfo {
  id: string;
  name: string;
  seatCount: number;
  seatLimitPerAccount: number;
  /** Tier codes on sale in this show, dearest first, with their index in the venue's tiers. */
  tiers: { code: string; index: number; priceSatang: number }[];
  venue: VenueModel;
}

/** What a behaviour may know of the sale when it plans a fan. */
export interface SaleInfo {
  saleId: string;
  /** Epoch ms of T0. */
  t0: number;
  shows: ShowInfo[];
}

/** The run's crowd settings (from the surge options) that behaviours draw from. */
export interface CrowdSettings {
  prequeueSeconds: number;
  earlySeconds: number;
  tailSeconds: number;
  prequeueShare: number;
  spikeShare: number;
  connectBeforeT0: boolean;
  pollingShare: number;
  bothShowsShare: number;
  bestAvailableShare: number;
  abandonShare: number;
  thinkScale: number;
  lingerSeconds: number;
}

/** early: before the pre-queue crowd (fans who sign in with a password); then the curve's three. */
export type ArrivalWave = 'early' | 'prequeue' | 'spike' | 'tail';
export type AbandonPoint = 'map' | 'hold-released' | 'hold-kept' | 'checkout';

/** One fan's whole plan, rolled before the run from the fan's own random stream. */
export interface FanPlan {
  behaviour: string;
  wave: ArrivalWave;
  /** Ms from T0 the fan opens the page (its socket), and joins the queue. */
  connectAtMs: number;
  joinAtMs: number;
  /** Waits by polling the cacheable status endpoint, opening a socket only once admitted. */
  waitsByPolling: boolean;
  /** Shows wanted, in the order the fan shops them. */
  showIds: string[];
  /** Seats wanted per show (1 to the show's limit). */
  groupSize: number;
  /** Preferred tier code, dearest-first order of preference after it. */
  tierCode: string;
  bestAvailable: boolean;
  abandonAt?: AbandonPoint;
  paymentMethod: 'card' | 'promptpay';
  /** Told no seat is free while waiting: joins the waitlist; told every seat is sold, stays in line or leaves. */
  staysWhenSoldOut: boolean;
  /** Holds tried per show before settling for anything. */
  patience: number;
}

export type ThinkStep =
  /** Looking at the map before the first pick. */
  | 'browse'
  /** After a refusal, picking again. */
  | 'repick'
  /** Filling in the checkout form. */
  | 'checkout'
  /** Between shows. */
  | 'next-show'
  /** Reading a sold-out notice before joining the waitlist. */
  | 'waitlist';

/** What the fan's map shows when it picks: statuses per seat (SEAT_STATUS) of the show. */
export interface PickContext {
  show: ShowInfo;
  plan: FanPlan;
  statuses: Uint8Array;
  /** Seats this fan has already been refused in this show (taken a moment ago). */
  refused: ReadonlySet<number>;
  attempt: number;
  /** The fan has missed out and only watches for any returned seats now. */
  lingering: boolean;
  random: Random;
}

export interface Behaviour {
  readonly name: string;
  /**
   * Rolls the plan of fan `index`. A fan who signs in with a password (`signsIn`) arrives before the
   * pre-queue crowd, over CrowdSettings.earlySeconds: its sign-in is costly to the server.
   */
  plan(index: number, sale: SaleInfo, crowd: CrowdSettings, random: Random, signsIn: boolean): FanPlan;
  /** Seats to hold now, or undefined when none the fan would take are free. */
  chooseSeats(context: PickContext): number[] | undefined;
  /** Milliseconds to pause before a step. */
  thinkMs(step: ThinkStep, crowd: CrowdSettings, random: Random): number;
}
