import { randomBytes } from 'node:crypto';
import { LANGUAGES, type Language } from '../../shared/languages';
import { hashPassword } from '../../server/accounts/password-hash';
import { SessionTokens } from '../../server/accounts/session-tokens';
import type { Db } from '../../server/db/database';

/**
 * The fixture step (docs/surge.md): accounts made in bulk in the deployment's database, and their
 * session tokens signed with the deployment's own SESSION_SECRET, exactly as sign-in would issue
 * them. It exists because 100,000 sign-ins through the API would only measure scrypt (~85 ms of CPU
 * each); the surge still signs up and signs in at least 1,000 fans through the real API every run.
 *
 * Fixture accounts share one password hash nobody knows: they are never signed in with a password.
 */

/** Rows per INSERT: 4 parameters a row stays far below PostgreSQL's 65,535. */
const INSERT_BATCH = 5_000;
/** Token signatures in flight at once. */
const SIGN_CONCURRENCY = 64;

export interface FixtureSession {
  accountId: string;
  token: string;
  tokenExpiresAt: number;
}

export async function createFixtureFans(
  db: Db,
  options: { count: number; emailPrefix: string; sessionSecret: string; sessionTtlMs: number },
): Promise<FixtureSession[]> {
  if (options.count === 0) return [];
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'), 10);
  const ids: string[] = [];
  for (let first = 0; first < options.count; first += INSERT_BATCH) {
    const rows = await db
      .insertInto('accounts')
      .values(
        Array.from({ length: Math.min(INSERT_BATCH, options.count - first) }, (_, i) => ({
          email: `${options.emailPrefix}${first + i}@example.test`,
          password_hash: passwordHash,
          display_name: `Surge fan ${first + i}`,
          language: languageOf(first + i),
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((row) => row.id));
  }
  const sessions = new SessionTokens(options.sessionSecret, options.sessionTtlMs);
  const result: FixtureSession[] = new Array(ids.length);
  let next = 0;
  const sign = async () => {
    while (next < ids.length) {
      const i = next++;
      const accountId = ids[i] as string;
      const { token, expiresAt } = await sessions.issue('fan', accountId, { language: languageOf(i) });
      result[i] = { accountId, token, tokenExpiresAt: expiresAt };
    }
  };
  await Promise.all(Array.from({ length: SIGN_CONCURRENCY }, sign));
  return result;
}

/** Fixture fans speak every language in turn. */
function languageOf(index: number): Language {
  return LANGUAGES[index % LANGUAGES.length] as Language;
}
