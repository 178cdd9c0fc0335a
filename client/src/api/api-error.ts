import { isErrorCode, type ErrorCode } from '../../../shared/errors';

/** Failures the client itself detects; translated like the server's catalogue codes. */
export const CLIENT_ERROR_CODES = [
  'NETWORK_ERROR',
  'TIMEOUT',
  'NOT_CONNECTED',
  'UNEXPECTED_RESPONSE',
] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
export type AnyErrorCode = ErrorCode | ClientErrorCode;

/** An error with a stable code the UI translates; `details` as the server sent them. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly code: AnyErrorCode,
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
  }
}

/** Reads `{ error: { code, details? } }` (HTTP) or `{ code, details? }` (an ack's error). */
export function apiErrorFrom(body: unknown, fallback: AnyErrorCode = 'UNEXPECTED_RESPONSE'): ApiError {
  const candidate = (body as { error?: unknown } | null)?.error ?? body;
  const code = (candidate as { code?: unknown } | null)?.code;
  const details = (candidate as { details?: unknown } | null)?.details;
  return new ApiError(
    isErrorCode(code) ? code : fallback,
    typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : undefined,
  );
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DOMException && error.name === 'TimeoutError') return new ApiError('TIMEOUT');
  if (error instanceof TypeError) return new ApiError('NETWORK_ERROR'); // what fetch throws offline
  return new ApiError('UNEXPECTED_RESPONSE');
}
