/**
 * What SeatRush needs from a payment provider. Every call is idempotent on paymentId: a retried or
 * duplicated call returns the first call's outcome and never charges twice. The full pipeline
 * (PromptPay QR, signed webhooks, reconciliation) grows behind this interface in the payments issue.
 */
export type ChargeOutcome = { status: 'succeeded'; reference: string } | { status: 'failed'; reason: string };

export interface ChargeRequest {
  paymentId: string;
  amountSatang: number;
  currency: 'THB';
  method: string;
  description: string;
}

export interface PaymentGateway {
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /** The outcome of an earlier charge, or undefined if the gateway never saw it. */
  lookup(paymentId: string): Promise<ChargeOutcome | undefined>;
  /** Refunds a succeeded charge in full; refunding twice is a no-op. */
  refund(paymentId: string): Promise<void>;
}
