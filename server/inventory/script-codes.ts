import type { ErrorCode } from '../../shared/errors';
import { AppError } from '../errors/app-error';

/**
 * Reply codes of the inventory scripts, the one list: the scripts get them as `CODE.<NAME>`
 * (LuaScripts prepends them), and each script's header says which it answers.
 */
export const InventoryScriptCode = {
  OK: 1,
  SHOW_NOT_READY: -1,
  SEAT_UNAVAILABLE: -2,
  LIMIT_EXCEEDED: -3,
  DUPLICATE_SEAT: -4,
  HOLD_NOT_FOUND: -5,
  NOT_OWNER: -6,
  HOLD_PINNED: -7,
  SECTION_KEY_MISSING: -8,
  HOLD_ID_TAKEN: -9,
  HOLD_EXPIRED: -10,
  HOLD_ALREADY_EXTENDED: -11,
} as const;

type Code = typeof InventoryScriptCode;
type InventoryRefusalCode = Exclude<Code[keyof Code], Code['OK']>;

/** A refused call: its code, then what the code reports (a seat; the seats owned and the limit). */
export type InventoryRefusal = [code: InventoryRefusalCode, ...details: number[]];

const ERROR_OF_CODE: Record<InventoryRefusalCode, ErrorCode> = {
  [InventoryScriptCode.SHOW_NOT_READY]: 'SALE_UNAVAILABLE',
  [InventoryScriptCode.SEAT_UNAVAILABLE]: 'SEAT_UNAVAILABLE',
  [InventoryScriptCode.LIMIT_EXCEEDED]: 'LIMIT_EXCEEDED',
  [InventoryScriptCode.DUPLICATE_SEAT]: 'DUPLICATE_SEATS',
  [InventoryScriptCode.HOLD_NOT_FOUND]: 'HOLD_NOT_FOUND',
  // Someone else's hold is reported as missing: hold ids are not to be probed.
  [InventoryScriptCode.NOT_OWNER]: 'HOLD_NOT_FOUND',
  [InventoryScriptCode.HOLD_PINNED]: 'HOLD_IN_CHECKOUT',
  [InventoryScriptCode.SECTION_KEY_MISSING]: 'INTERNAL',
  [InventoryScriptCode.HOLD_ID_TAKEN]: 'INTERNAL',
  [InventoryScriptCode.HOLD_EXPIRED]: 'HOLD_EXPIRED',
  [InventoryScriptCode.HOLD_ALREADY_EXTENDED]: 'HOLD_ALREADY_EXTENDED',
};

/** Turns a script's refusal into the one catalogue error for it. */
function scriptError(refusal: InventoryRefusal): AppError {
  const [code, first, second] = refusal;
  const errorCode = ERROR_OF_CODE[code] ?? 'INTERNAL';
  switch (code) {
    case InventoryScriptCode.SEAT_UNAVAILABLE:
    case InventoryScriptCode.DUPLICATE_SEAT:
      return new AppError(errorCode, { seat: Number(first) });
    case InventoryScriptCode.LIMIT_EXCEEDED:
      return new AppError(errorCode, { seatsOwned: Number(first), limit: Number(second) });
    default:
      return new AppError(errorCode);
  }
}

/** The reply of a call the script did not refuse; a refusal is thrown as its catalogue error. */
export function acceptedInventoryReply<Reply extends readonly unknown[]>(
  reply: Reply | InventoryRefusal,
): Reply {
  if (isRefusal(reply)) throw scriptError(reply);
  return reply;
}

function isRefusal(reply: readonly unknown[]): reply is InventoryRefusal {
  return reply[0] !== InventoryScriptCode.OK;
}
