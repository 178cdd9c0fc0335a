import type { WaitlistEntryView } from '../../../shared/protocol/views';
import { sessionStore } from './session';

const waitlistPath = (showId: string) => `/api/shows/${encodeURIComponent(showId)}/waitlist`;

/**
 * Joins the waitlist of a sold-out show; joining again answers the same entry. Refused with
 * WAITLIST_NOT_OPEN while the show has a free seat.
 */
export function joinWaitlist(showId: string): Promise<WaitlistEntryView> {
  return sessionStore.authedJson<WaitlistEntryView>(waitlistPath(showId), { method: 'POST' });
}

/** The signed-in fan's place on a show's waitlist, or { joined: false }. */
export function readWaitlistEntry(showId: string): Promise<WaitlistEntryView> {
  return sessionStore.authedJson<WaitlistEntryView>(`${waitlistPath(showId)}/me`);
}
