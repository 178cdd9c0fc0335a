import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash';
import { SessionTokens } from './session-tokens';

describe('password hashes', () => {
  it('are salted, carry their cost, and verify only the right password', async () => {
    const first = await hashPassword('correct horse battery', 10);
    const second = await hashPassword('correct horse battery', 10);
    expect(first).not.toBe(second);
    expect(first.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'md5$abc')).toBe(false);
  });

  it('leave thread-pool room for token checks during a burst of sign-ins', async () => {
    const tokens = new SessionTokens('a-secret-of-at-least-thirty-two-characters', 60_000);
    const { token } = await tokens.issue('fan', 'account-1');
    const settled: string[] = [];
    const hashes = Array.from({ length: 8 }, (_, i) =>
      hashPassword(`password ${i}`, 15).then(() => settled.push('hash')),
    );
    // A WebCrypto HMAC check runs in the same four-thread pool as the hashes.
    await tokens.verify(token, 'fan').then(() => settled.push('token'));
    await Promise.all(hashes);
    expect(settled[0]).toBe('token');
  });
});
