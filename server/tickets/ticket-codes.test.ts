import { describe, expect, it } from 'vitest';
import { TicketSigner } from './ticket-codes';

const claims = { ticketId: '4f1c2f0e-8c53-4a43-9a55-0a3f5d2c1b7e', showId: 'bkk-2027-03-13', seat: 1234 };

describe('ticket codes', () => {
  it('verify their own claims and nothing forged', () => {
    const signer = new TicketSigner('s'.repeat(40));
    const code = signer.sign(claims);
    expect(signer.verify(code)).toEqual(claims);
    expect(signer.verify(code.replace('.1234.', '.1235.'))).toBeUndefined();
    expect(new TicketSigner('t'.repeat(40)).verify(code)).toBeUndefined();
    expect(signer.verify('T1.a.b')).toBeUndefined();
    expect(signer.verify('')).toBeUndefined();
  });
});
