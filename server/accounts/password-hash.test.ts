import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
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

  it('leave thread-pool room for the app files during a burst of sign-ins', async () => {
    const settled: string[] = [];
    const hashes = Array.from({ length: 8 }, (_, i) =>
      hashPassword(`password ${i}`, 15).then(() => settled.push('hash')),
    );
    // express.static reads files through the same four-thread pool as the hashes.
    await readFile(fileURLToPath(import.meta.url)).then(() => settled.push('file'));
    await Promise.all(hashes);
    expect(settled[0]).toBe('file');
  });
});
