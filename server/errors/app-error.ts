import { ERROR_CATALOGUE, type ErrorBody, type ErrorCode } from '../../shared/errors';

/** A failure with a catalogue code: the only kind of error that reaches a client as itself. */
export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
  ) {
    super(ERROR_CATALOGUE[code].message);
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  toBody(): ErrorBody {
    return this.details === undefined ? { code: this.code } : { code: this.code, details: this.details };
  }
}

/** Anything thrown becomes a catalogue error; unexpected ones become INTERNAL (and are logged). */
export function toAppError(error: unknown): AppError {
  return error instanceof AppError ? error : new AppError('INTERNAL');
}
