import type { Redis } from 'ioredis';
import { fileURLToPath } from 'node:url';
import { loadLuaScript } from './script-loader';

export type ScriptReply = [number, ...(string | number)[]];

type ScriptCommand = (numberOfKeys: number, ...keysThenArgs: (string | number)[]) => Promise<unknown>;

/**
 * A family of Lua scripts in .lua files (with their @include lines spliced in), registered on a
 * connection with defineCommand (EVALSHA, falling back to EVAL when Redis lacks the script).
 */
export class LuaScripts<Name extends string> {
  private sources: Map<Name, string> | undefined;

  /** `directory` is a file URL of the folder holding `<name>.lua` for every name. */
  constructor(
    private readonly family: string,
    private readonly directory: URL,
    private readonly names: readonly Name[],
  ) {}

  define(redis: Redis): void {
    for (const [name, lua] of this.load()) {
      if (!(this.commandName(name) in redis)) redis.defineCommand(this.commandName(name), { lua });
    }
  }

  async run(
    redis: Redis,
    name: Name,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<ScriptReply> {
    const command = (redis as unknown as Record<string, ScriptCommand>)[this.commandName(name)];
    if (!command) throw new Error(`Lua script ${this.family}/${name} is not defined on this connection`);
    return (await command.call(redis, keys.length, ...keys, ...args)) as ScriptReply;
  }

  private commandName(name: Name): string {
    return `${this.family}_${name}`;
  }

  private load(): Map<Name, string> {
    this.sources ??= new Map(
      this.names.map((name) => [name, loadLuaScript(fileURLToPath(new URL(`${name}.lua`, this.directory)))]),
    );
    return this.sources;
  }
}
