/**
 * Every Redis key and channel name SeatRush uses is built here. All keys of one show share the hash
 * tag {show:<id>}, so an inventory script touches one Redis Cluster slot, and different shows
 * spread over shards.
 */
export interface ShowKeys {
  meta: string;
  holds: string;
  holdExpiries: string;
  available: string;
  versions: string;
  accountSeats: string;
  changes: string;
  /** One SEAT_STATUS digit per seat of the show, in seat order, kept by the scripts: snapshots read it. */
  statuses: string;
  /** Where the delta publisher has read the changes stream up to. */
  publishedUpTo: string;
  section(sectionId: number): string;
}

export interface SaleKeys {
  meta: string;
  arrivals: string;
  active: string;
  admitted: string;
  seen: string;
}

export class RedisKeys {
  /** Key names are built once per show: they are used on every hold. */
  private readonly shows = new Map<string, ShowKeys>();

  constructor(readonly prefix: string) {}

  show(showId: string): ShowKeys {
    let keys = this.shows.get(showId);
    if (!keys) {
      keys = this.buildShowKeys(showId);
      this.shows.set(showId, keys);
    }
    return keys;
  }

  private buildShowKeys(showId: string): ShowKeys {
    const base = `${this.prefix}{show:${showId}}`;
    const sections = new Map<number, string>();
    return {
      meta: `${base}:meta`,
      holds: `${base}:holds`,
      holdExpiries: `${base}:hold-expiries`,
      available: `${base}:available`,
      versions: `${base}:versions`,
      accountSeats: `${base}:account-seats`,
      changes: `${base}:changes`,
      statuses: `${base}:statuses`,
      publishedUpTo: `${base}:published-up-to`,
      section: (sectionId) => {
        let key = sections.get(sectionId);
        if (key === undefined) {
          key = `${base}:seats:${sectionId}`;
          sections.set(sectionId, key);
        }
        return key;
      },
    };
  }

  /** A sale's waiting room; its keys share the hash tag {sale:<id>}. */
  sale(saleId: string): SaleKeys {
    const base = `${this.prefix}{sale:${saleId}}`;
    return {
      meta: `${base}:meta`,
      arrivals: `${base}:arrivals`,
      active: `${base}:active`,
      admitted: `${base}:admitted`,
      seen: `${base}:seen`,
    };
  }

  /** Lock held by the node that runs a leader-only job. */
  leaderLock(job: string): string {
    return `${this.prefix}leader:${job}`;
  }

  /** Lock taken while one node rebuilds a show's inventory. */
  rebuildLock(showId: string): string {
    return `${this.prefix}{show:${showId}}:rebuild-lock`;
  }

  /** Hash of every process's vitals (server/observability/node-vitals.ts). */
  get vitals(): string {
    return `${this.prefix}vitals`;
  }

  /** Channel prefix of the Socket.IO Redis adapter. */
  get adapterChannel(): string {
    return `${this.prefix}socket.io`;
  }
}
