import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error';
import { SessionTokens } from './session-tokens';

const SECRET = 'k'.repeat(40);

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof AppError ? error.code : 'not an AppError'),
  );
}

describe('session tokens', () => {
  it('carry the account and audience, and expire', async () => {
    let now = Date.parse('2027-01-01T00:00:00Z');
    const tokens = new SessionTokens(SECRET, 60_000, () => now);
    const { token, expiresAt } = await tokens.issue('fan', 'account-1');
    expect(expiresAt).toBe(now + 60_000);
    expect(await tokens.verify(token, 'fan')).toEqual({ kind: 'fan', accountId: 'account-1', expiresAt });
    expect(await codeOf(tokens.verify(token, 'staff'))).toBe('AUTH_INVALID');
    now += 61_000;
    expect(await codeOf(tokens.verify(token, 'fan'))).toBe('AUTH_EXPIRED');
  });

  it('refuse forged, re-signed and malformed tokens', async () => {
    const tokens = new SessionTokens(SECRET, 60_000);
    const { token } = await tokens.issue('fan', 'account-1');
    const [header, payload] = token.split('.');
    expect(await codeOf(tokens.verify(`${header}.${payload}.AAAA`, 'fan'))).toBe('AUTH_INVALID');
    expect(await codeOf(new SessionTokens('z'.repeat(40), 60_000).verify(token, 'fan'))).toBe('AUTH_INVALID');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(await codeOf(tokens.verify(unsigned, 'fan'))).toBe('AUTH_INVALID');
    const otherIssuer = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('someone-else')
      .setAudience('fan')
      .setSubject('account-1')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    expect(await codeOf(tokens.verify(otherIssuer, 'fan'))).toBe('AUTH_INVALID');
    expect(await codeOf(tokens.verify('not a token', 'fan'))).toBe('AUTH_INVALID');
  });
});
