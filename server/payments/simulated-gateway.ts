import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/database';
import type { ChargeOutcome, ChargeRequest, PaymentGateway } from './payment-gateway';

export interface SimulatedGatewaySettings {
  latencyMs: number;
  /** Share of charges declined, 0..1. */
  failureRate: number;
  random?: () => number;
}

/**
 * A stand-in payment provider with configurable latency and decline rate. Its ledger is a
 * PostgreSQL table, so every worker sees the same charges and a duplicated charge request (same
 * paymentId) gets the first outcome, exactly as a real provider's idempotency keys behave.
 */
export class SimulatedGateway implements PaymentGateway {
  readonly name = 'simulated';

  constructor(
    private readonly db: Db,
    private readonly settings: SimulatedGatewaySettings,
  ) {}

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const random = this.settings.random ?? Math.random;
    await this.db
      .insertInto('simulated_gateway_charges')
      .values({
        payment_id: request.paymentId,
        amount_satang: request.amountSatang,
        outcome: random() < this.settings.failureRate ? 'failed' : 'succeeded',
      })
      .onConflict((conflict) => conflict.column('payment_id').doNothing())
      .execute();
    if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);
    const outcome = await this.lookup(request.paymentId);
    if (!outcome) throw new Error(`simulated charge ${request.paymentId} vanished`);
    return outcome;
  }

  async lookup(paymentId: string): Promise<ChargeOutcome | undefined> {
    const row = await this.db
      .selectFrom('simulated_gateway_charges')
      .select(['outcome'])
      .where('payment_id', '=', paymentId)
      .executeTakeFirst();
    if (!row) return undefined;
    return row.outcome === 'succeeded'
      ? { status: 'succeeded', reference: `sim_${paymentId}` }
      : { status: 'failed', reason: 'card_declined' };
  }

  async refund(paymentId: string): Promise<void> {
    await this.db
      .updateTable('simulated_gateway_charges')
      .set({ refunded_at: new Date() })
      .where('payment_id', '=', paymentId)
      .where('outcome', '=', 'succeeded')
      .where('refunded_at', 'is', null)
      .execute();
  }
}
