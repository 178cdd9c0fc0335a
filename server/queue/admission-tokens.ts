import { createHmac, type webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { hmacKey } from '../accounts/session-tokens';
import { AppError } from '../errors/app-error';

const ISSUER = 'seatrush';
const ALGORITHM = 'HS256';
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
 * never pass for an admission token or the other way round. [Q13]
 */
export class AdmissionTokens {
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(sessionSecret: string) {
    this.key = hmacKey(createHmac('sha256', sessionSecret).update('seatrush admission tokens v1').digest());
  }

  async issue(admission: Admission): Promise<string> {
    return new SignJWT({ use: USE })
      .setProtectedHeader({ alg: ALGORITHM })
      .setIssuer(ISSUER)
      .setAudience(audienceOf(admission.saleId))
      .setSubject(admission.accountId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(admission.expiresAt / 1000))
      .sign(await this.key);
  }

  /** The admission a token carries for this account and sale, or ADMISSION_INVALID / ADMISSION_EXPIRED. */
  async verify(token: string, accountId: string, saleId: string): Promise<Admission> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        issuer: ISSUER,
        audience: audienceOf(saleId),
        subject: accountId,
        algorithms: [ALGORITHM],
      });
      if (payload.use !== USE || typeof payload.exp !== 'number') throw new AppError('ADMISSION_INVALID');
      return { accountId, saleId, expiresAt: payload.exp * 1000 };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AppError('ADMISSION_EXPIRED');
      throw new AppError('ADMISSION_INVALID');
    }
  }
}

const audienceOf = (saleId: string) => `sale:${saleId}`;
