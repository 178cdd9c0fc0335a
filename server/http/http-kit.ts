import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { z } from 'zod';
import type { SocketIdentity } from '../../shared/protocol/events';
import type { Audience, SessionTokens } from '../accounts/session-tokens';
import { AppError, toAppError } from '../errors/app-error';
import type { AdmissionGuard } from '../guards/admission-guard';
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

/**
 * Parses the JSON body of the routes that declare it, first (before authentication: a malformed
 * body answers MALFORMED_JSON whoever sends it). Not strict: a bare JSON value is valid JSON, and
 * fails its schema (VALIDATION_FAILED) instead. A route that verifies a signature over the raw bytes
 * (a payment webhook) takes `express.raw` instead: nothing parses a body before its route does.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  return express.json({ limit: limitBytes, strict: false });
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
 * An HTTP command's admission to a show's seats: the signed-in fan's X-Admission-Token, when the
 * show is sold through a waiting room. Returns when the shopping window ends (undefined for a show
 * without a waiting room). [Q13]
 */
export async function admitted(
  guard: AdmissionGuard,
  request: Request,
  showId: string,
): Promise<number | undefined> {
  if (!guard.guards(showId)) return undefined;
  const admissionToken = request.get('x-admission-token');
  return guard.admit(identityOf(request).accountId, showId, { admissionToken });
}

/**
 * Every error leaves as { error: { code, details?, message } } with the catalogue's status, the
 * message in the fan's language.
 */
export function errorHandler(logger: Logger, speaker: ErrorSpeaker): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    const appError = error instanceof AppError ? error : (clientError(error) ?? toAppError(error));
    if (appError.code === 'INTERNAL') logger.error({ err: error, path: request.path }, 'request failed');
    if (response.headersSent) return;
    const body = errorBodyFor(speaker, appError, {
      identity: request.identity,
      acceptLanguage: request.get('accept-language'),
    });
    response.status(appError.status).json({ error: body });
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
