import { Router, type RequestHandler, type Response } from 'express';
import {
  signInRequestSchema,
  signUpRequestSchema,
  updateAccountRequestSchema,
} from '../../shared/protocol/schemas';
import { AppError } from '../errors/app-error';
import { authenticate, identityOf, parse } from '../http/http-kit';
import type { AccountsService, IssuedSession } from './accounts.service';
import type { Audience, SessionTokens } from './session-tokens';

const REFRESH_COOKIE: Record<Audience, { name: string; path: string }> = {
  fan: { name: 'sr_refresh', path: '/api/auth' },
  staff: { name: 'sr_staff_refresh', path: '/api/staff/auth' },
};

/**
 * Sign-up, sign-in, refresh and sign-out for fans (/api/auth) and staff (/api/staff/auth); the fan's
 * own account (/api/me: read it, change its language).
 */
export function accountsRoutes({
  accounts,
  tokens,
  secureCookies,
  json,
}: {
  accounts: AccountsService;
  tokens: SessionTokens;
  /** Refresh cookies only over HTTPS (production). */
  secureCookies: boolean;
  json: RequestHandler;
}): Router {
  const router = Router();

  const sendSession = (response: Response, audience: Audience, issued: IssuedSession, status = 200) => {
    const cookie = REFRESH_COOKIE[audience];
    response.cookie(cookie.name, issued.refreshToken, {
      httpOnly: true,
      secure: secureCookies,
      sameSite: 'strict',
      path: cookie.path,
      expires: issued.refreshExpiresAt,
    });
    response.status(status).json(issued.session);
  };

  const refreshTokenOf = (cookies: unknown, audience: Audience): string => {
    const value = (cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE[audience].name];
    if (typeof value !== 'string' || value.length === 0 || value.length > 200)
      throw new AppError('AUTH_REQUIRED');
    return value;
  };

  router.post('/api/auth/signup', json, async (request, response) => {
    sendSession(response, 'fan', await accounts.signUp(parse(signUpRequestSchema, request.body)), 201);
  });

  router.post('/api/auth/signin', json, async (request, response) => {
    sendSession(response, 'fan', await accounts.signIn(parse(signInRequestSchema, request.body)));
  });

  router.post('/api/staff/auth/signin', json, async (request, response) => {
    const issued = await accounts.staffSignIn(parse(signInRequestSchema, request.body));
    sendSession(response, 'staff', issued);
  });

  for (const audience of ['fan', 'staff'] as const) {
    const base = audience === 'fan' ? '/api/auth' : '/api/staff/auth';
    router.post(`${base}/refresh`, json, async (request, response) => {
      sendSession(
        response,
        audience,
        await accounts.refresh(audience, refreshTokenOf(request.cookies, audience)),
      );
    });
    router.post(`${base}/signout`, json, async (request, response) => {
      const token = (request.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE[audience].name];
      if (typeof token === 'string' && token.length <= 200) await accounts.signOut(token);
      response.clearCookie(REFRESH_COOKIE[audience].name, { path: REFRESH_COOKIE[audience].path });
      response.status(204).end();
    });
  }

  const fan = authenticate(tokens, 'fan');
  router.get('/api/me', fan, async (request, response) => {
    const account = await accounts.account(identityOf(request).accountId);
    if (!account) throw new AppError('AUTH_INVALID');
    response.json(account);
  });

  router.patch('/api/me', json, fan, async (request, response) => {
    const { language } = parse(updateAccountRequestSchema, request.body);
    const account = await accounts.changeLanguage(identityOf(request).accountId, language);
    if (!account) throw new AppError('AUTH_INVALID');
    // The session token carries the language it was issued with: the client renews its session.
    response.json(account);
  });

  return router;
}
