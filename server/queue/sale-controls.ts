import type { QueueSettingsRequest } from '../../shared/protocol/schemas';
import type { QueueStatsView } from '../../shared/protocol/views';
import { recordStaffAction } from '../accounts/staff-audit';
import type { Db } from '../db/database';
import type { QueueService } from './queue.service';
import type { SalesRepository } from './sales.repository';

/**
 * Staff changes to a running sale (pause, resume, cap, rate) [Q15]: the cap and rate kept on the
 * sale's row in PostgreSQL (a rebuilt queue starts from them) with the change's audit, in one
 * transaction, then applied to the queue in Redis.
 */
export class SaleControls {
  constructor(
    private readonly db: Db,
    private readonly sales: SalesRepository,
    private readonly queue: QueueService,
  ) {}

  async change(staffId: string, saleId: string, change: QueueSettingsRequest): Promise<QueueStatsView> {
    await this.db.transaction().execute(async (tx) => {
      await this.sales.updateSettings(saleId, change, tx);
      await recordStaffAction(tx, staffId, 'queue.settings', `sale:${saleId}`, change);
    });
    await this.queue.changeSettings(saleId, change);
    return this.queue.stats(saleId);
  }
}
