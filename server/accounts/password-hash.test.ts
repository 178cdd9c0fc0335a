import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash';

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
});
