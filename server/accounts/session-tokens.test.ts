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

  it("carry a fan's language and a staff member's role, and nothing they do not know", async () => {
    const tokens = new SessionTokens(SECRET, 60_000);
    const fan = await tokens.issue('fan', 'account-1', { language: 'th' });
    expect(await tokens.verify(fan.token, 'fan')).toMatchObject({ language: 'th' });
    const staff = await tokens.issue('staff', 'staff-1', { role: 'manager' });
    expect(await tokens.verify(staff.token, 'staff')).toMatchObject({ kind: 'staff', role: 'manager' });
    const signed = (claims: Record<string, unknown>, audience: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('seatrush')
        .setAudience(audience)
        .setSubject('account-1')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(SECRET));
    const oddFan = await tokens.verify(await signed({ lng: 'klingon', role: 'admin' }, 'fan'), 'fan');
    expect(oddFan).not.toHaveProperty('language');
    expect(oddFan).not.toHaveProperty('role');
    // A staff token whose role is unknown (or missing) has the least power: an agent's.
    expect(await tokens.verify(await signed({ role: 'owner' }, 'staff'), 'staff')).toMatchObject({
      role: 'agent',
    });
    expect(await tokens.verify(await signed({}, 'staff'), 'staff')).toMatchObject({ role: 'agent' });
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
