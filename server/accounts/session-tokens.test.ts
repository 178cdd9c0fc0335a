import { createSigner } from 'fast-jwt';
import { describe, expect, it } from 'vitest';
import { SessionTokens } from './session-tokens';
import { codeOf } from '../test/support/error-code';

const SECRET = 'k'.repeat(40);
const NEW_YEAR = Date.parse('2027-01-01T00:00:00Z');

/** A token signed with SECRET whose claims the test chooses: iss, aud and sub default to a fan's. */
function forged(
  claims: Record<string, unknown>,
  { algorithm = 'HS256', key = SECRET }: { algorithm?: 'HS256' | 'HS512'; key?: string } = {},
): string {
  return createSigner({ key, algorithm, expiresIn: 3_600_000 })({
    iss: 'seatrush',
    aud: 'fan',
    sub: 'account-1',
    ...claims,
  });
}

describe('session tokens', () => {
  it('carry the account and audience, and expire', async () => {
    let now = NEW_YEAR;
    const tokens = new SessionTokens(SECRET, 60_000, () => now);
    const { token, expiresAt } = await tokens.issue('fan', 'account-1');
    expect(expiresAt).toBe(now + 60_000);
    expect(await tokens.verify(token, 'fan')).toEqual({ kind: 'fan', accountId: 'account-1', expiresAt });
    expect(await codeOf(tokens.verify(token, 'staff'))).toBe('AUTH_INVALID');
    now += 61_000;
    expect(await codeOf(tokens.verify(token, 'fan'))).toBe('AUTH_EXPIRED');
    // Expired or not, a token of the wrong audience is invalid.
    expect(await codeOf(tokens.verify(token, 'staff'))).toBe('AUTH_INVALID');
  });

  it('expire at their exp second by the injected clock, read at each check', async () => {
    let now = NEW_YEAR + 400; // iat is a whole second: exp is 60 s after NEW_YEAR
    const tokens = new SessionTokens(SECRET, 60_000, () => now);
    const { token, expiresAt } = await tokens.issue('fan', 'account-1');
    expect(expiresAt).toBe(NEW_YEAR + 60_000);
    now = expiresAt - 1;
    expect(await tokens.verify(token, 'fan')).toMatchObject({ accountId: 'account-1', expiresAt });
    now = expiresAt;
    expect(await codeOf(tokens.verify(token, 'fan'))).toBe('AUTH_EXPIRED');
    now = expiresAt - 30_000;
    expect(await tokens.verify(token, 'fan')).toMatchObject({ accountId: 'account-1' });
  });

  it('accept the tokens jose issued before fast-jwt (header {"alg":"HS256"} alone)', async () => {
    const tokens = new SessionTokens(SECRET, 60_000, () => NEW_YEAR + 1000);
    const fan =
      'eyJhbGciOiJIUzI1NiJ9.eyJsbmciOiJ0aCIsImlzcyI6InNlYXRydXNoIiwiYXVkIjoiZmFuIiwic3ViIjoiYWNjb3VudC0xIiwiaWF0IjoxNzk4NzYxNjAwLCJleHAiOjE3OTg3NjE2NjB9.mcFbq8TrAr-JAkCFVN9CVIMEdzF6NkYbAOTGT3zqeCU';
    const staff =
      'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoibWFuYWdlciIsImlzcyI6InNlYXRydXNoIiwiYXVkIjoic3RhZmYiLCJzdWIiOiJzdGFmZi0xIiwiaWF0IjoxNzk4NzYxNjAwLCJleHAiOjE3OTg3NjE2NjB9.apMQfbCLUExmRWAxqG8qfEAVe-W3RcBdwK1S88W0pUU';
    expect(await tokens.verify(fan, 'fan')).toEqual({
      kind: 'fan',
      accountId: 'account-1',
      expiresAt: NEW_YEAR + 60_000,
      language: 'th',
    });
    expect(await tokens.verify(staff, 'staff')).toEqual({
      kind: 'staff',
      accountId: 'staff-1',
      expiresAt: NEW_YEAR + 60_000,
      role: 'manager',
    });
  });

  it("carry a fan's language and a staff member's role, and nothing they do not know", async () => {
    const tokens = new SessionTokens(SECRET, 60_000);
    const fan = await tokens.issue('fan', 'account-1', { language: 'th' });
    expect(await tokens.verify(fan.token, 'fan')).toMatchObject({ language: 'th' });
    const staff = await tokens.issue('staff', 'staff-1', { role: 'manager' });
    expect(await tokens.verify(staff.token, 'staff')).toMatchObject({ kind: 'staff', role: 'manager' });
    const oddFan = await tokens.verify(forged({ lng: 'klingon', role: 'admin' }), 'fan');
    expect(oddFan).not.toHaveProperty('language');
    expect(oddFan).not.toHaveProperty('role');
    // A staff token whose role is unknown (or missing) has the least power: an agent's.
    expect(await tokens.verify(forged({ aud: 'staff', role: 'owner' }), 'staff')).toMatchObject({
      role: 'agent',
    });
    expect(await tokens.verify(forged({ aud: 'staff' }), 'staff')).toMatchObject({ role: 'agent' });
  });

  it('refuse forged, re-signed and malformed tokens', async () => {
    const tokens = new SessionTokens(SECRET, 60_000);
    const { token } = await tokens.issue('fan', 'account-1');
    const [header, payload] = token.split('.');
    expect(await codeOf(tokens.verify(`${header}.${payload}.AAAA`, 'fan'))).toBe('AUTH_INVALID');
    expect(await codeOf(new SessionTokens('z'.repeat(40), 60_000).verify(token, 'fan'))).toBe('AUTH_INVALID');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(await codeOf(tokens.verify(unsigned, 'fan'))).toBe('AUTH_INVALID');
    expect(await codeOf(tokens.verify(forged({ iss: 'someone-else' }), 'fan'))).toBe('AUTH_INVALID');
    expect(await codeOf(tokens.verify('not a token', 'fan'))).toBe('AUTH_INVALID');
  });

  it('refuse any algorithm but HS256, and tokens without issuer, audience, subject or expiry', async () => {
    const tokens = new SessionTokens(SECRET, 60_000);
    expect(await tokens.verify(forged({}), 'fan')).toMatchObject({ accountId: 'account-1' });
    expect(await codeOf(tokens.verify(forged({}, { algorithm: 'HS512' }), 'fan'))).toBe('AUTH_INVALID');
    for (const claim of ['iss', 'aud', 'sub', 'exp']) {
      const withoutIt = createSigner({ key: SECRET })({
        iss: 'seatrush',
        aud: 'fan',
        sub: 'account-1',
        exp: Math.floor(Date.now() / 1000) + 3600,
        [claim]: undefined,
      });
      expect([claim, await codeOf(tokens.verify(withoutIt, 'fan'))]).toEqual([claim, 'AUTH_INVALID']);
    }
  });
});
