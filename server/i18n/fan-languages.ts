import type { SocketIdentity } from '../../shared/protocol/events';
import { acceptedLanguages, matchLanguage } from '../../shared/i18n/match-language';
import type { Language } from '../../shared/languages';
import type { Db } from '../db/database';
import { ServerI18n } from './server-i18n';

const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ACCOUNTS = 50_000;
/**
 * How long an error answer waits for a stored language it does not have yet: past it, the answer
 * goes out in the browser's language (a busy or unreachable database never holds up an error).
 */
const LOOKUP_WAIT_MS = 250;

interface CachedLanguage {
  /** Null: the account has none we know (no such account). */
  language: Promise<Language | null>;
  /** Set once `language` has resolved: the hot path then needs no promise race. */
  known?: Language | null;
  until: number;
}

/**
 * The language the server answers someone in: a fan's stored language, else what their browser
 * asks for (Accept-Language), else English. Stored languages are read through a cache per process:
 * errors come in bursts (a sold-out section answers thousands of holds a second), one read serves
 * every concurrent error of an account, and a change made through another worker shows here within
 * CACHE_TTL_MS.
 */
export class FanLanguages {
  private readonly cache = new Map<string, CachedLanguage>();

  constructor(private readonly db: Db) {}

  async of(identity: SocketIdentity | undefined, acceptLanguage: string | undefined): Promise<Language> {
    const stored = identity?.kind === 'fan' ? await this.stored(identity.accountId) : null;
    return stored ?? matchLanguage(acceptedLanguages(acceptLanguage)) ?? ServerI18n.languageOf(undefined);
  }

  /** The account's language changed (on this worker): use the new one at once. */
  changed(accountId: string, language: string): void {
    this.remember(accountId, Promise.resolve(ServerI18n.languageOf(language)));
  }

  private stored(accountId: string): Promise<Language | null> {
    let cached = this.cache.get(accountId);
    if (!cached || cached.until <= Date.now()) {
      const read = this.db
        .selectFrom('accounts')
        .select('language')
        .where('id', '=', accountId)
        .executeTakeFirst()
        .then((row) => (row ? ServerI18n.languageOf(row.language) : null));
      cached = this.remember(accountId, read);
      // A failed read is forgotten at once, so the next error asks again.
      read.catch(() => {
        if (this.cache.get(accountId)?.language === read) this.cache.delete(accountId);
      });
    }
    if (cached.known !== undefined) return Promise.resolve(cached.known);
    return Promise.race([cached.language, waitThenNull(LOOKUP_WAIT_MS)]).catch(() => null);
  }

  private remember(accountId: string, language: Promise<Language | null>): CachedLanguage {
    this.cache.delete(accountId); // re-inserted last: the Map's order is the eviction order
    if (this.cache.size >= CACHE_MAX_ACCOUNTS) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    const cached: CachedLanguage = { language, until: Date.now() + CACHE_TTL_MS };
    language.then(
      (known) => (cached.known = known),
      () => undefined,
    );
    this.cache.set(accountId, cached);
    return cached;
  }
}

function waitThenNull(ms: number): Promise<null> {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms).unref());
}
