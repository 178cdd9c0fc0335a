import type { Db } from '../db/database';

/** Sales in PostgreSQL: the secret shuffle seed, and the settings staff change during a sale. */
export class SalesRepository {
  constructor(private readonly db: Db) {}

  /** The seed of the pre-queue shuffle (hex). Secret until the shuffle publishes it. */
  async seed(saleId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('sales').select('seed').where('id', '=', saleId).executeTakeFirst();
    return row?.seed;
  }

  /** Keeps a sale's cap and rate; `db` may be the caller's transaction. */
  async updateSettings(
    saleId: string,
    settings: { activeCap?: number; admitRatePerSecond?: number },
    db: Db = this.db,
  ): Promise<void> {
    const values = {
      ...(settings.activeCap !== undefined && { active_cap: settings.activeCap }),
      ...(settings.admitRatePerSecond !== undefined && {
        admit_rate_per_second: settings.admitRatePerSecond,
      }),
    };
    if (Object.keys(values).length === 0) return;
    await db.updateTable('sales').set(values).where('id', '=', saleId).execute();
  }
}
