import type { ErrorCode } from '../../shared/errors';
import type { ScriptReply } from '../redis/lua-scripts';
import { AppError } from '../errors/app-error';

/** Return codes of the inventory Lua scripts (see the header of each .lua file). */
export enum ScriptCode {
  Ok = 1,
  ShowNotReady = -1,
  SeatUnavailable = -2,
  LimitExceeded = -3,
  DuplicateSeat = -4,
  HoldNotFound = -5,
  NotOwner = -6,
  HoldPinned = -7,
  SectionKeyMissing = -8,
  HoldIdTaken = -9,
  HoldExpired = -10,
  HoldAlreadyExtended = -11,
}

const ERROR_OF_CODE: Record<Exclude<ScriptCode, ScriptCode.Ok>, ErrorCode> = {
  [ScriptCode.ShowNotReady]: 'SALE_UNAVAILABLE',
  [ScriptCode.SeatUnavailable]: 'SEAT_UNAVAILABLE',
  [ScriptCode.LimitExceeded]: 'LIMIT_EXCEEDED',
  [ScriptCode.DuplicateSeat]: 'DUPLICATE_SEATS',
  [ScriptCode.HoldNotFound]: 'HOLD_NOT_FOUND',
  // Someone else's hold is reported as missing: hold ids are not to be probed.
  [ScriptCode.NotOwner]: 'HOLD_NOT_FOUND',
  [ScriptCode.HoldPinned]: 'HOLD_IN_CHECKOUT',
  [ScriptCode.SectionKeyMissing]: 'INTERNAL',
  [ScriptCode.HoldIdTaken]: 'INTERNAL',
  [ScriptCode.HoldExpired]: 'HOLD_EXPIRED',
  [ScriptCode.HoldAlreadyExtended]: 'HOLD_ALREADY_EXTENDED',
};

/** Turns a script's negative reply into the one catalogue error for it. */
export function scriptError(reply: ScriptReply): AppError {
  const [code, first, second] = reply;
  const errorCode = ERROR_OF_CODE[code as Exclude<ScriptCode, ScriptCode.Ok>] ?? 'INTERNAL';
  switch (code) {
    case ScriptCode.SeatUnavailable:
    case ScriptCode.DuplicateSeat:
      return new AppError(errorCode, { seat: Number(first) });
    case ScriptCode.LimitExceeded:
      return new AppError(errorCode, { seatsOwned: Number(first), limit: Number(second) });
    default:
      return new AppError(errorCode);
  }
}

export function isOk(reply: ScriptReply): boolean {
  return reply[0] === ScriptCode.Ok;
}
