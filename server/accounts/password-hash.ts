import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import pLimit from 'p-limit';

/**
 * Passwords are hashed with scrypt (memory-hard, salted, in node:crypto so nothing compiles on
 * install). The stored form carries its parameters, so the cost can be raised for new hashes while
 * old ones still verify: scrypt$<log2 N>$<r>$<p>$<salt>$<hash>.
 */
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

/**
 * Hashes run in libuv's thread pool (4 threads), as do the app's static files (express.static
 * reads through it) and DNS lookups. A burst of sign-ins with ~85 ms hashes in all four threads
 * once held every session-token check (then a WebCrypto call) seconds behind them: a 20,000-fan
 * surge stalled its connections for a minute. Token checks are synchronous now; hashes still take
 * two threads at most, so a burst of sign-ins cannot hold the pool's other work behind it.
 */
const hashTurns = pLimit(2);

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  const maxmem = 256 * (options.N ?? 0) * (options.r ?? BLOCK_SIZE) + 1024 * 1024;
  return hashTurns(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { ...options, maxmem }, (error, key) =>
          error ? reject(error) : resolve(key),
        ),
      ),
  );
}

export async function hashPassword(password: string, log2Cost: number): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, { N: 2 ** log2Cost, r: BLOCK_SIZE, p: PARALLELISM });
  return ['scrypt', log2Cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, log2Cost, blockSize, parallelism, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), {
    N: 2 ** Number(log2Cost),
    r: Number(blockSize),
    p: Number(parallelism),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
