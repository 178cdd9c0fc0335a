import type { Redis } from 'ioredis';
import { LuaScripts, type ScriptReply } from '../redis/lua-scripts';

const SCRIPT_NAMES = [
  'hold',
  'release',
  'extend',
  'pin',
  'confirm',
  'block',
  'unblock',
  'expire',
  'snapshot',
] as const;
export type InventoryScript = (typeof SCRIPT_NAMES)[number];

const scripts = new LuaScripts('inventory', new URL('./lua/', import.meta.url), SCRIPT_NAMES);

/** Registers the inventory scripts on a connection. */
export function defineInventoryScripts(redis: Redis): void {
  scripts.define(redis);
}

export function runInventoryScript(
  redis: Redis,
  script: InventoryScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<ScriptReply> {
  return scripts.run(redis, script, keys, args);
}
