import type { ErrorCode } from '../../shared/errors';
import { AppError } from '../errors/app-error';
import { LuaScripts } from '../redis/lua-scripts';

/**
 * Reply codes of the queue scripts, the one list: the scripts get them as `CODE.<NAME>`
 * (LuaScripts prepends them), and each script's header says which it answers.
 */
export const QueueScriptCode = {
  OK: 1,
  QUEUE_NOT_READY: -1,
  QUEUE_NOT_OPEN: -2,
  QUEUE_CLOSED: -3,
} as const;

type Code = typeof QueueScriptCode;
type Ok = Code['OK'];
type QueueRefusalCode = Exclude<Code[keyof Code], Ok>;
type QueueRefusal = [code: QueueRefusalCode];
type NotReady = [Code['QUEUE_NOT_READY']];

/** A meta field as HMGET reads it: null when the field is absent. */
type MetaValue = string | null;

/** What each queue script answers (see the header of its .lua file). */
export type QueueReplies = {
  join: [Ok, arrival: number, joinedBefore: 0 | 1, ...meta: MetaValue[]] | QueueRefusal;
  freeze: [Ok, frozenSize: number, frozenNow: 0 | 1] | NotReady;
  admit:
    | [
        Ok,
        admittedNow: number,
        cursor: number,
        activeShoppers: number,
        noShowsNow: number,
        idleReleased: number,
        ...admittedAccounts: string[],
      ]
    | NotReady;
  release: [Ok, freed: 0 | 1];
  leave: [Ok, left: 0 | 1];
};

/**
 * The queue scripts. They take `now` from QueueService's clock, the one its plain commands and
 * reads use too (see ScriptClock).
 */
export const queueScripts = new LuaScripts<QueueReplies>({
  family: 'queue',
  directory: new URL('./lua/', import.meta.url),
  scripts: ['join', 'freeze', 'admit', 'release', 'leave'],
  codes: QueueScriptCode,
  clock: 'caller',
});

const ERROR_OF_CODE: Record<QueueRefusalCode, ErrorCode> = {
  [QueueScriptCode.QUEUE_NOT_READY]: 'SERVICE_UNAVAILABLE',
  [QueueScriptCode.QUEUE_NOT_OPEN]: 'QUEUE_NOT_OPEN',
  [QueueScriptCode.QUEUE_CLOSED]: 'QUEUE_CLOSED',
};

/** The reply of a call the script did not refuse; a refusal is thrown as its catalogue error. */
export function acceptedQueueReply<Reply extends readonly unknown[]>(reply: Reply | QueueRefusal): Reply {
  if (isRefusal(reply)) throw new AppError(ERROR_OF_CODE[reply[0]] ?? 'SERVICE_UNAVAILABLE');
  return reply;
}

function isRefusal(reply: readonly unknown[]): reply is QueueRefusal {
  return reply[0] !== QueueScriptCode.OK;
}
