import { AppError } from '../../errors/app-error';

/** The AppError code a promise rejects with, undefined when it resolves (another error: its text). */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
}
