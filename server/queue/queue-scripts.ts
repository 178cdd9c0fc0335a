import { LuaScripts } from '../redis/lua-scripts';

export const queueScripts = new LuaScripts('queue', new URL('./lua/', import.meta.url), [
  'join',
  'freeze',
  'admit',
  'release',
  'leave',
] as const);

/** Return codes of the queue scripts (see each .lua header). */
export const QueueScriptCode = {
  Ok: 1,
  NotReady: -1,
  NotOpen: -2,
  Closed: -3,
} as const;
