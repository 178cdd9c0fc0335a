import { createHmac } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { describe, expect, it } from 'vitest';
import { SessionTokens } from '../accounts/session-tokens';
import { AdmissionTokens } from './admission-tokens';
import { codeOf } from '../test/support/error-code';

const SECRET = 'k'.repeat(40);
const KEY = createHmac('sha256', SECRET).update('seatrush admission tokens v1').digest();
const IN_AN_HOUR = () => Date.now() + 3_600_000;

describe('admission tokens', () => {
  const tokens = new AdmissionTokens(SECRET);

  it('carry the account, the sale and the end of the shopping window', async () => {
    const expiresAt = IN_AN_HOUR();
    const token = await tokens.issue({ accountId: 'account-1', saleId: 'sale-1', expiresAt });
    expect(await tokens.verify(token, 'account-1', 'sale-1')).toEqual({
      accountId: 'account-1',
      saleId: 'sale-1',
      expiresAt: Math.floor(expiresAt / 1000) * 1000,
    });
  });

  it('accept the tokens jose issued before fast-jwt', async () => {
    const byJose =
      'eyJhbGciOiJIUzI1NiJ9.eyJ1c2UiOiJhZG1pc3Npb24iLCJpc3MiOiJzZWF0cnVzaCIsImF1ZCI6InNhbGU6c2FsZS0xIiwic3ViIjoiYWNjb3VudC0xIiwiaWF0IjoxNzk2Njk4MjI4LCJleHAiOjQxMDI0NDQ4MDB9.BYyyZAfSn8Y69k07jT_D8rUQ-p-oQGqcL72LvFgMDk8';
    expect(await tokens.verify(byJose, 'account-1', 'sale-1')).toEqual({
      accountId: 'account-1',
      saleId: 'sale-1',
      expiresAt: Date.parse('2100-01-01T00:00:00Z'),
    });
  });

  it("refuse expired, another account's, another sale's, forged and misused tokens", async () => {
    const issue = (accountId: string, saleId: string, expiresAt = IN_AN_HOUR()) =>
      tokens.issue({ accountId, saleId, expiresAt });
    const expired = await issue('account-1', 'sale-1', Date.now() - 1000);
    expect(await codeOf(tokens.verify(expired, 'account-1', 'sale-1'))).toBe('ADMISSION_EXPIRED');
    // Expired or not, another account's or sale's token is invalid.
    expect(await codeOf(tokens.verify(expired, 'account-2', 'sale-1'))).toBe('ADMISSION_INVALID');
    expect(await codeOf(tokens.verify(expired, 'account-1', 'sale-2'))).toBe('ADMISSION_INVALID');
    const token = await issue('account-1', 'sale-1');
    expect(await codeOf(tokens.verify(token, 'account-2', 'sale-1'))).toBe('ADMISSION_INVALID');
    expect(await codeOf(tokens.verify(token, 'account-1', 'sale-2'))).toBe('ADMISSION_INVALID');
    const forger = new AdmissionTokens('z'.repeat(40));
    const forged = await forger.issue({ accountId: 'account-1', saleId: 'sale-1', expiresAt: IN_AN_HOUR() });
    expect(await codeOf(tokens.verify(forged, 'account-1', 'sale-1'))).toBe('ADMISSION_INVALID');
    const claims = {
      iss: 'seatrush',
      aud: 'sale:sale-1',
      sub: 'account-1',
      exp: Math.floor(IN_AN_HOUR() / 1000),
    };
    const misused = createSigner({ key: KEY, algorithm: 'HS256' })({ ...claims, use: 'session' });
    expect(await codeOf(tokens.verify(misused, 'account-1', 'sale-1'))).toBe('ADMISSION_INVALID');
    const hs512 = createSigner({ key: KEY, algorithm: 'HS512' })({ ...claims, use: 'admission' });
    expect(await codeOf(tokens.verify(hs512, 'account-1', 'sale-1'))).toBe('ADMISSION_INVALID');
    expect(await codeOf(tokens.verify('not a token', 'account-1', 'sale-1'))).toBe('ADMISSION_INVALID');
  });

  it('never pass for session tokens, nor session tokens for them: their keys differ', async () => {
    const sessions = new SessionTokens(SECRET, 60_000);
    const { token: session } = await sessions.issue('fan', 'account-1');
    expect(await codeOf(tokens.verify(session, 'account-1', 'sale-1'))).toBe('ADMISSION_INVALID');
    const admission = await tokens.issue({
      accountId: 'account-1',
      saleId: 'sale-1',
      expiresAt: IN_AN_HOUR(),
    });
    expect(await codeOf(sessions.verify(admission, 'fan'))).toBe('AUTH_INVALID');
    // Even claims that would pass are refused under the other key.
    const exp = Math.floor(IN_AN_HOUR() / 1000);
    const sessionClaims = { iss: 'seatrush', aud: 'fan', sub: 'account-1', exp };
    const admissionClaims = { iss: 'seatrush', aud: 'sale:sale-1', sub: 'account-1', exp, use: 'admission' };
    const sign = (key: string | Buffer, claims: object) => createSigner({ key, algorithm: 'HS256' })(claims);
    expect(await sessions.verify(sign(SECRET, sessionClaims), 'fan')).toMatchObject({
      accountId: 'account-1',
    });
    expect(await codeOf(sessions.verify(sign(KEY, sessionClaims), 'fan'))).toBe('AUTH_INVALID');
    expect(await tokens.verify(sign(KEY, admissionClaims), 'account-1', 'sale-1')).toMatchObject({
      saleId: 'sale-1',
    });
    expect(await codeOf(tokens.verify(sign(SECRET, admissionClaims), 'account-1', 'sale-1'))).toBe(
      'ADMISSION_INVALID',
    );
  });
});
