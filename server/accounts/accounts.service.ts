import type { AccountView, SessionView } from '../../shared/protocol/views';
import type { SignInRequest, SignUpRequest } from '../../shared/protocol/schemas';
import { isUniqueViolation, type Db } from '../db/database';
import type { AccountRow, StaffAccountRow, StaffRole } from '../db/schema';
import { AppError } from '../errors/app-error';
import { hashPassword, verifyPassword } from './password-hash';
import { isLanguage } from '../../shared/languages';
import {
  hashRefreshToken,
  newRefreshToken,
  type Audience,
  type SessionTokens,
  type TokenClaims,
} from './session-tokens';

export interface AccountsSettings {
  passwordHashLog2Cost: number;
  refreshTtlMs: number;
}

export interface IssuedSession {
  session: SessionView;
  refreshToken: string;
  refreshExpiresAt: Date;
}

export interface StaffView {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
}

/**
 * Fan and staff accounts: sign-up, sign-in, refresh and sign-out. Fans and staff live in separate
 * tables and get tokens of separate audiences.
 */
export class AccountsService {
  /** Verified against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Db,
    private readonly tokens: SessionTokens,
    private readonly settings: AccountsSettings,
  ) {}

  async signUp(request: SignUpRequest): Promise<IssuedSession> {
    const passwordHash = await hashPassword(request.password, this.settings.passwordHashLog2Cost);
    try {
      const account = await this.db
        .insertInto('accounts')
        .values({
          email: request.email,
          password_hash: passwordHash,
          display_name: request.displayName,
          language: request.language,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return this.openSession('fan', account.id, accountView(account), fanClaims(account));
    } catch (error) {
      if (isUniqueViolation(error, 'accounts_email_key')) throw new AppError('EMAIL_TAKEN');
      throw error;
    }
  }

  async signIn(request: SignInRequest): Promise<IssuedSession> {
    const account = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', request.email.toLowerCase()))
      .executeTakeFirst();
    if (!(await this.passwordMatches(request.password, account?.password_hash))) {
      throw new AppError('INVALID_CREDENTIALS');
    }
    return this.openSession('fan', account!.id, accountView(account!), fanClaims(account!));
  }

  async staffSignIn(request: SignInRequest): Promise<IssuedSession & { staff: StaffView }> {
    const staff = await this.db
      .selectFrom('staff_accounts')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', request.email.toLowerCase()))
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (!(await this.passwordMatches(request.password, staff?.password_hash))) {
      throw new AppError('INVALID_CREDENTIALS');
    }
    const view = { id: staff!.id, email: staff!.email, displayName: staff!.display_name, role: staff!.role };
    const session = await this.openSession('staff', view.id, staffAccountView(staff!), { role: view.role });
    return { ...session, staff: view };
  }

  async createStaff(email: string, password: string, displayName: string, role: StaffRole): Promise<string> {
    const passwordHash = await hashPassword(password, this.settings.passwordHashLog2Cost);
    const row = await this.db
      .insertInto('staff_accounts')
      .values({ email, password_hash: passwordHash, display_name: displayName, role })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Exchanges a refresh token for a new session, rotating the refresh token. */
  async refresh(audience: Audience, refreshToken: string): Promise<IssuedSession> {
    const revoked = await this.db
      .updateTable('refresh_tokens')
      .set({ revoked_at: new Date() })
      .where('token_hash', '=', hashRefreshToken(refreshToken))
      .where('audience', '=', audience)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date())
      .returning('subject_id')
      .executeTakeFirst();
    if (!revoked) throw new AppError('AUTH_INVALID');
    const subject =
      audience === 'fan'
        ? await this.fanSubject(revoked.subject_id)
        : await this.staffSubject(revoked.subject_id);
    if (!subject) throw new AppError('AUTH_INVALID');
    return this.openSession(audience, revoked.subject_id, subject.view, subject.claims);
  }

  async signOut(refreshToken: string): Promise<void> {
    await this.db
      .updateTable('refresh_tokens')
      .set({ revoked_at: new Date() })
      .where('token_hash', '=', hashRefreshToken(refreshToken))
      .execute();
  }

  async account(accountId: string): Promise<AccountView | undefined> {
    const row = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', accountId)
      .executeTakeFirst();
    return row && accountView(row);
  }

  /** Sets the fan's language (validated by languageSchema); undefined when there is no such account. */
  async changeLanguage(accountId: string, language: string): Promise<AccountView | undefined> {
    const row = await this.db
      .updateTable('accounts')
      .set({ language })
      .where('id', '=', accountId)
      .returningAll()
      .executeTakeFirst();
    return row && accountView(row);
  }

  /** A session's account as it is now: a refresh carries a changed language or role. */
  private async fanSubject(accountId: string): Promise<SessionSubject | undefined> {
    const row = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', accountId)
      .executeTakeFirst();
    return row && { view: accountView(row), claims: fanClaims(row) };
  }

  /** A disabled staff account gets no new session. */
  private async staffSubject(staffId: string): Promise<SessionSubject | undefined> {
    const row = await this.db
      .selectFrom('staff_accounts')
      .selectAll()
      .where('id', '=', staffId)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    return row && { view: staffAccountView(row), claims: { role: row.role } };
  }

  private async openSession(
    audience: Audience,
    subjectId: string,
    account: AccountView,
    claims: TokenClaims,
  ): Promise<IssuedSession> {
    const { token, expiresAt } = await this.tokens.issue(audience, subjectId, claims);
    const refresh = newRefreshToken();
    const refreshExpiresAt = new Date(Date.now() + this.settings.refreshTtlMs);
    await this.db
      .insertInto('refresh_tokens')
      .values({ audience, subject_id: subjectId, token_hash: refresh.hash, expires_at: refreshExpiresAt })
      .execute();
    return {
      session: { token, expiresAt, serverTime: Date.now(), account },
      refreshToken: refresh.token,
      refreshExpiresAt,
    };
  }

  private async passwordMatches(password: string, storedHash: string | undefined): Promise<boolean> {
    if (storedHash !== undefined) return verifyPassword(password, storedHash);
    this.decoyHash ??= hashPassword('decoy password', this.settings.passwordHashLog2Cost);
    await verifyPassword(password, await this.decoyHash);
    return false;
  }
}

interface SessionSubject {
  view: AccountView;
  claims: TokenClaims;
}

function fanClaims(row: AccountRow): TokenClaims {
  return isLanguage(row.language) ? { language: row.language } : {};
}

export function accountView(row: AccountRow): AccountView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    language: row.language,
    phoneVerified: row.phone_verified_at !== null,
  };
}

/** Staff sessions reuse the account shape; staff have no phone check and use English by default. */
function staffAccountView(row: StaffAccountRow): AccountView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    language: 'en',
    phoneVerified: false,
  };
}
