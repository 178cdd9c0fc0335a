import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { SocketIdentity } from '../../shared/protocol/events';
import type { Audience, SessionTokens } from '../accounts/session-tokens';
import { AppError, toAppError } from '../errors/app-error';
import { errorBodyFor, type ErrorSpeaker } from '../i18n/error-body';
import type { Logger } from '../observability/logger';

declare module 'express-serve-static-core' {
  interface Request {
    identity?: SocketIdentity;
  }
}

/** Parses a part of the request with a shared schema, or answers VALIDATION_FAILED. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 10)
      .map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new AppError('VALIDATION_FAILED', { issues });
  }
  return parsed.data;
}

/** Requires `Authorization: Bearer <session token>` of the given audience. */
export function authenticate(tokens: SessionTokens, audience: Audience): RequestHandler {
  return async (request: Request, _response: Response, next: NextFunction) => {
    const header = request.get('authorization') ?? '';
    // No bearer token (none at all, or another scheme): sign in first. A malformed one: invalid.
    if (!/^bearer\s/i.test(header)) return next(new AppError('AUTH_REQUIRED'));
    const match = /^bearer (\S{1,4096})$/i.exec(header);
    if (!match?.[1]) return next(new AppError('AUTH_INVALID'));
    try {
      request.identity = await tokens.verify(match[1], audience);
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function identityOf(request: Request): SocketIdentity {
  if (!request.identity) throw new AppError('AUTH_REQUIRED');
  return request.identity;
}

/**
 * Every error leaves as { error: { code, details?, message } } with the catalogue's status, the
 * message in the fan's language.
 */
export function errorHandler(logger: Logger, speaker: ErrorSpeaker): ErrorRequestHandler {
  return async (error: unknown, request, response, _next) => {
    const appError = error instanceof AppError ? error : (clientError(error) ?? toAppError(error));
    if (appError.code === 'INTERNAL') logger.error({ err: error, path: request.path }, 'request failed');
    if (response.headersSent) return;
    const body = await errorBodyFor(speaker, appError, {
      identity: request.identity,
      acceptLanguage: request.get('accept-language'),
    });
    if (!response.headersSent) response.status(appError.status).json({ error: body });
  };
}

/**
 * Errors raised by express and body-parser for a bad request (unparsable JSON, a body too large,
 * a corrupt gzip body, a malformed percent-encoded path) carry a 4xx status: they are the client's
 * fault and get a catalogue code, never INTERNAL.
 */
function clientError(error: unknown): AppError | undefined {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (type === 'entity.parse.failed') return new AppError('MALFORMED_JSON');
  if (type === 'entity.too.large' || status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (error instanceof URIError) return new AppError('VALIDATION_FAILED');
  if (typeof status === 'number' && status >= 400 && status < 500) return new AppError('VALIDATION_FAILED');
  return undefined;
}

export const notFound: RequestHandler = (_request, _response, next) => next(new AppError('NOT_FOUND'));
