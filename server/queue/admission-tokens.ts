import { createHmac } from 'node:crypto';
import { expiryOf, hs256Signer, hs256Verifier, type Payload } from '../accounts/session-tokens';
import { AppError } from '../errors/app-error';

const ISSUER = 'seatrush';
const USE = 'admission';

export interface Admission {
  accountId: string;
  saleId: string;
  /** Epoch ms the shopping window ends. */
  expiresAt: number;
}

/**
 * Signed admission tokens (JWT, HS256): bound to an account and a sale, valid until the shopping
 * window ends. Their key is derived from SESSION_SECRET for this one use, so a session token can
 * never pass for an admission token or the other way round. [Q13] Checked with a synchronous
 * node:crypto HMAC, as session tokens are: no thread-pool job per admission check.
 */
export class AdmissionTokens {
  private readonly sign: (payload: Payload) => string;
  private readonly check: (token: string) => Payload;

  constructor(sessionSecret: string) {
    const key = createHmac('sha256', sessionSecret).update('seatrush admission tokens v1').digest();
    this.sign = hs256Signer(key);
    this.check = hs256Verifier(key);
  }

  async issue(admission: Admission): Promise<string> {
    return this.sign({
      use: USE,
      iss: ISSUER,
      aud: audienceOf(admission.saleId),
      sub: admission.accountId,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(admission.expiresAt / 1000),
    });
  }

  /** The admission a token carries for this account and sale, or ADMISSION_INVALID / ADMISSION_EXPIRED. */
  async verify(token: string, accountId: string, saleId: string): Promise<Admission> {
    let payload: Payload;
    try {
      payload = this.check(token);
    } catch {
      throw new AppError('ADMISSION_INVALID');
    }
    const expiresAt = expiryOf(payload, { audience: audienceOf(saleId), subject: accountId }, Date.now());
    if (expiresAt === 'expired') throw new AppError('ADMISSION_EXPIRED');
    if (expiresAt === 'invalid' || payload.use !== USE) throw new AppError('ADMISSION_INVALID');
    return { accountId, saleId, expiresAt };
  }
}

const audienceOf = (saleId: string) => `sale:${saleId}`;
