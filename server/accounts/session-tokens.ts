import { createHash, randomBytes } from 'node:crypto';
import { createSigner, createVerifier } from 'fast-jwt';
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

/** A token's payload once its signature is checked. */
export type Payload = Record<string, unknown>;

const ISSUER = 'seatrush';
const ALGORITHM = 'HS256';

/**
 * Short-lived signed session tokens (JWT, HS256) for HTTP and the Socket.IO handshake. Fans and
 * staff get tokens of different audiences, so a fan token never opens a staff endpoint. A token
 * also carries the fan's language and the staff member's role as they were when it was issued:
 * a change takes effect with the next token (a refresh re-reads the account), at most the token's
 * lifetime later, and no request waits on a database read for them.
 *
 * Signed and checked with a synchronous node:crypto HMAC (fast-jwt), not WebCrypto: there each
 * check was a thread-pool job costing ~72 µs of CPU, against ~6 µs, once per handshake and request.
 */
export class SessionTokens {
  private readonly sign: (payload: Payload) => string;
  private readonly check: (token: string) => Payload;

  constructor(
    secret: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.sign = hs256Signer(secret);
    this.check = hs256Verifier(secret);
  }

  async issue(
    audience: Audience,
    accountId: string,
    claims: TokenClaims = {},
  ): Promise<{ token: string; expiresAt: number }> {
    const issuedAt = Math.floor(this.now() / 1000);
    const expiresAtSeconds = issuedAt + Math.ceil(this.ttlMs / 1000);
    const token = this.sign({
      ...(claims.language && { lng: claims.language }),
      ...(claims.role && { role: claims.role }),
      iss: ISSUER,
      aud: audience,
      sub: accountId,
      iat: issuedAt,
      exp: expiresAtSeconds,
    });
    return { token, expiresAt: expiresAtSeconds * 1000 };
  }

  /** The identity in a token, or AUTH_INVALID / AUTH_EXPIRED. */
  async verify(token: string, audience: Audience): Promise<SocketIdentity> {
    let payload: Payload;
    try {
      payload = this.check(token);
    } catch {
      throw new AppError('AUTH_INVALID');
    }
    const expiresAt = expiryOf(payload, { audience }, this.now());
    if (expiresAt === 'expired') throw new AppError('AUTH_EXPIRED');
    if (expiresAt === 'invalid' || typeof payload.sub !== 'string') throw new AppError('AUTH_INVALID');
    return { kind: audience, accountId: payload.sub, expiresAt, ...claimsOf(audience, payload) };
  }
}

/** Signs a complete payload (iss, aud, sub, iat and exp included) with HS256. */
export function hs256Signer(key: string | Buffer): (payload: Payload) => string {
  return createSigner({ key, algorithm: ALGORITHM });
}

/**
 * Checks a token's signature, that its header says HS256 (never `none` or another algorithm) and
 * its issuer, and returns its payload; throws otherwise. Audience, subject and times are left to
 * `expiryOf`: fast-jwt matches them only against values fixed when the verifier is made, and its
 * clock is Date.now() or a fixed time, not the injected one.
 */
export function hs256Verifier(key: string | Buffer): (token: string) => Payload {
  return createVerifier({
    key,
    algorithms: [ALGORITHM],
    allowedIss: ISSUER,
    requiredClaims: ['iss'],
    ignoreExpiration: true,
    ignoreNotBefore: true,
  });
}

/**
 * When a checked token expires (epoch ms), or why it is refused, judged as jose did: audience and
 * subject first (a wrong one is invalid even once expired), then times against `nowMs`. A token
 * is expired from its `exp` second on, and not valid before its `nbf` second.
 */
export function expiryOf(
  payload: Payload,
  expected: { audience: string; subject?: string },
  nowMs: number,
): number | 'expired' | 'invalid' {
  if (![payload.aud].flat().includes(expected.audience)) return 'invalid';
  if (expected.subject !== undefined && payload.sub !== expected.subject) return 'invalid';
  const now = Math.floor(nowMs / 1000);
  const { iat, nbf, exp } = payload;
  if (iat !== undefined && typeof iat !== 'number') return 'invalid';
  if (nbf !== undefined && !(typeof nbf === 'number' && nbf <= now)) return 'invalid';
  if (typeof exp !== 'number') return 'invalid';
  return exp <= now ? 'expired' : exp * 1000;
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

/** Long-lived refresh tokens are random; only their SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
