import type { SocketIdentity } from '../../shared/protocol/events';
import { acceptedLanguages, matchLanguage } from '../../shared/i18n/match-language';
import type { Language } from '../../shared/languages';
import type { Db } from '../db/database';
import { ServerI18n } from './server-i18n';

const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ACCOUNTS = 50_000;

/**
 * The language the server answers someone in: a fan's stored language, else what their browser
 * asks for (Accept-Language), else English. Stored languages are read through a small cache per
 * process: errors come in bursts (a sold-out section answers thousands of holds a second), and a
 * change made through another worker shows here within CACHE_TTL_MS.
 */
export class FanLanguages {
  private readonly cache = new Map<string, { language: Language; until: number }>();

  constructor(private readonly db: Db) {}

  async of(identity: SocketIdentity | undefined, acceptLanguage: string | undefined): Promise<Language> {
    const stored = identity?.kind === 'fan' ? await this.stored(identity.accountId) : undefined;
    return stored ?? matchLanguage(acceptedLanguages(acceptLanguage)) ?? ServerI18n.languageOf(undefined);
  }

  /** The account's language changed (on this worker): use the new one at once. */
  changed(accountId: string, language: string): void {
    this.remember(accountId, ServerI18n.languageOf(language));
  }

  private async stored(accountId: string): Promise<Language | undefined> {
    const cached = this.cache.get(accountId);
    if (cached && cached.until > Date.now()) return cached.language;
    const row = await this.db
      .selectFrom('accounts')
      .select('language')
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!row) return undefined;
    const language = ServerI18n.languageOf(row.language);
    this.remember(accountId, language);
    return language;
  }

  private remember(accountId: string, language: Language): void {
    if (this.cache.size >= CACHE_MAX_ACCOUNTS) this.cache.clear(); // rare; refilled on demand
    this.cache.set(accountId, { language, until: Date.now() + CACHE_TTL_MS });
  }
}
