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
    const refusal = await this.refusal(this.layoutOf(showId));
    if (refusal) {
      // A fan already on the list keeps its entry, whatever the seats or the sale do now.
      const existing = await this.repository.entry(showId, accountId);
      if (existing) return { entry: entryView(existing), created: false };
      throw refusal;
    }
    const { created, ...entry } = await this.repository.join(showId, accountId);
    return { entry: entryView(entry), created };
  }

  /**
   * Why the show's waitlist is closed to newcomers now (the error to answer), or undefined while it
   * is open. Asked first, so a sell-out's herd of joins costs PostgreSQL only their batched inserts.
   */
  private async refusal(layout: ShowLayout): Promise<unknown> {
    const now = Date.now();
    if (layout.show.onSaleAt.getTime() > now || layout.show.startsAt.getTime() <= now) {
      return new AppError('SHOW_NOT_ON_SALE');
    }
    try {
      const free = await this.inventory.freeSeats(layout.show.id);
      return free > 0 ? new AppError('WAITLIST_NOT_OPEN') : undefined;
    } catch (error) {
      return error;
    }
  }

  /** How this node's joins are batched (WaitlistRepository.batching). */
  get batching(): { joinsWaiting: number; batchesSent: number } {
    return this.repository.batching;
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
