import type { Redis } from 'ioredis';
import { fileURLToPath } from 'node:url';
import { loadLuaScript } from './script-loader';
import type { ScriptReply } from './script-codes';

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

const commandName = (script: InventoryScript) => `inventory_${script}`;

let sources: Map<InventoryScript, string> | undefined;

function scriptSources(): Map<InventoryScript, string> {
  sources ??= new Map(
    SCRIPT_NAMES.map((name) => [
      name,
      loadLuaScript(fileURLToPath(new URL(`./lua/${name}.lua`, import.meta.url))),
    ]),
  );
  return sources;
}

/** Registers the inventory scripts on a connection (EVALSHA, with EVAL when Redis lacks the script). */
export function defineInventoryScripts(redis: Redis): void {
  for (const [name, lua] of scriptSources()) {
    if (!(commandName(name) in redis)) redis.defineCommand(commandName(name), { lua });
  }
}

type ScriptCommand = (numberOfKeys: number, ...keysThenArgs: (string | number)[]) => Promise<unknown>;

export async function runInventoryScript(
  redis: Redis,
  script: InventoryScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<ScriptReply> {
  const command = (redis as unknown as Record<string, ScriptCommand>)[commandName(script)];
  if (!command) throw new Error(`inventory script ${script} is not defined on this connection`);
  return (await command.call(redis, keys.length, ...keys, ...args)) as ScriptReply;
}
