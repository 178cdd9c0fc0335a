import type { WaitlistEntryView } from '../../shared/protocol/views';
import type { ShowLayout, ShowLookup } from '../catalogue/catalogue';
import { AppError } from '../errors/app-error';
import type { InventoryService } from '../inventory/inventory.service';
import type { WaitlistEntry, WaitlistRepository } from './waitlist.repository';

/**
 * The waitlist of a sold-out show: fans join it once no seat is free, and keep their place in join
 * order. Offering returned seats to them (the leader-only waitlist offerer) comes later and will
 * walk the entries by position.
 */
export class WaitlistService {
  constructor(
    private readonly repository: WaitlistRepository,
    private readonly inventory: InventoryService,
    private readonly shows: ShowLookup,
  ) {}

  /**
   * Joins the show's waitlist, only while no seat of the show is free (per the live inventory).
   * Idempotent: a fan already on it gets the same entry back, created false, whatever the seats do.
   */
  async join(accountId: string, showId: string): Promise<{ entry: WaitlistEntryView; created: boolean }> {
    const layout = this.layoutOf(showId);
    const existing = await this.repository.entry(showId, accountId);
    if (existing) return { entry: entryView(existing), created: false };
    const now = Date.now();
    if (layout.show.onSaleAt.getTime() > now || layout.show.startsAt.getTime() <= now) {
      throw new AppError('SHOW_NOT_ON_SALE');
    }
    if ((await this.inventory.freeSeats(showId)) > 0) throw new AppError('WAITLIST_NOT_OPEN');
    const made = await this.repository.join(showId, accountId);
    // Nothing removes entries, so one that was there already (a parallel join) is there still.
    const entry = made ?? (await this.repository.entry(showId, accountId));
    if (!entry) throw new Error(`waitlist entry of ${accountId} for ${showId} missing after insert`);
    return { entry: entryView(entry), created: made !== undefined };
  }

  async entry(accountId: string, showId: string): Promise<WaitlistEntryView> {
    this.layoutOf(showId);
    const entry = await this.repository.entry(showId, accountId);
    return entry ? entryView(entry) : { joined: false };
  }

  private layoutOf(showId: string): ShowLayout {
    const layout = this.shows.layout(showId);
    if (!layout) throw new AppError('SHOW_NOT_FOUND');
    return layout;
  }
}

function entryView(entry: WaitlistEntry): WaitlistEntryView {
  return { joined: true, position: entry.position, joinedAt: entry.joinedAt.toISOString() };
}
