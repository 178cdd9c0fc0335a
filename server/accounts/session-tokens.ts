import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { isLanguage, type Language } from '../../shared/languages';
import { STAFF_ROLES, type SocketIdentity, type StaffRole } from '../../shared/protocol/events';
import { AppError } from '../errors/app-error';

export type Audience = SocketIdentity['kind'];

/** What a token says of its account besides who it is: read on every request, never looked up. */
export interface TokenClaims {
  /** A fan's stored language. */
  language?: Language;
  /** A staff account's role. */
  role?: StaffRole;
}

const ISSUER = 'seatrush';
const ALGORITHM = 'HS256';

/**
 * Short-lived signed session tokens (JWT, HS256) for HTTP and the Socket.IO handshake. Fans and
 * staff get tokens of different audiences, so a fan token never opens a staff endpoint. A token
 * also carries the fan's language and the staff member's role as they were when it was issued:
 * a change takes effect with the next token (a refresh re-reads the account), at most the token's
 * lifetime later, and no request waits on a database read for them.
 */
export class SessionTokens {
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(
    secret: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.key = hmacKey(new TextEncoder().encode(secret));
  }

  async issue(
    audience: Audience,
    accountId: string,
    claims: TokenClaims = {},
  ): Promise<{ token: string; expiresAt: number }> {
    const issuedAt = Math.floor(this.now() / 1000);
    const expiresAtSeconds = issuedAt + Math.ceil(this.ttlMs / 1000);
    const token = await new SignJWT({
      ...(claims.language && { lng: claims.language }),
      ...(claims.role && { role: claims.role }),
    })
      .setProtectedHeader({ alg: ALGORITHM })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setSubject(accountId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAtSeconds)
      .sign(await this.key);
    return { token, expiresAt: expiresAtSeconds * 1000 };
  }

  /** The identity in a token, or AUTH_INVALID / AUTH_EXPIRED. */
  async verify(token: string, audience: Audience): Promise<SocketIdentity> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        issuer: ISSUER,
        audience,
        algorithms: [ALGORITHM],
        currentDate: new Date(this.now()),
      });
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number')
        throw new AppError('AUTH_INVALID');
      return {
        kind: audience,
        accountId: payload.sub,
        expiresAt: payload.exp * 1000,
        ...claimsOf(audience, payload),
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AppError('AUTH_EXPIRED');
      throw new AppError('AUTH_INVALID');
    }
  }
}

/**
 * The claims a verified token carries for its audience. A staff token without a known role is an
 * agent's (least power); a fan token without a known language has none (the browser's is used).
 */
function claimsOf(audience: Audience, payload: Record<string, unknown>): TokenClaims {
  if (audience === 'staff') {
    const role = STAFF_ROLES.find((known) => known === payload.role) ?? 'agent';
    return { role };
  }
  return typeof payload.lng === 'string' && isLanguage(payload.lng) ? { language: payload.lng } : {};
}

/**
 * The HMAC key, imported into WebCrypto once: jose given raw bytes imports them on every call,
 * which made each token check (one per socket handshake) about three times slower.
 */
export function hmacKey(secret: Uint8Array): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

/** Long-lived refresh tokens are random; only their SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
