import type { Redis } from 'ioredis';
import { fileURLToPath } from 'node:url';
import { loadLuaScript } from './script-loader';

/**
 * A family's reply codes, named once here in TypeScript: every script gets them as `CODE.<NAME>`,
 * so Lua and TypeScript cannot disagree. Every reply starts with one; OK is 1 in every family.
 */
export type ScriptCodes = { readonly OK: 1 } & Readonly<Record<string, number>>;

/**
 * Where a family's scripts read the time. One clock per family, the one every other reader and
 * writer of the same timestamps uses, so that no comparison mixes two clocks:
 * - 'redis': the script reads Redis's TIME, through the `nowMs()` the loader gives it. For data
 *   only scripts write and compare (inventory: hold expiries), whichever node runs the script.
 * - 'caller': the script takes `now` (ms) in ARGV and never reads TIME. For data that plain
 *   commands and TypeScript also write and compare with the service's clock (queue: last seen,
 *   window ends, the admission bucket), which tests may replace.
 * Moving either family to the other clock would change what they compare against what.
 */
export type ScriptClock = 'redis' | 'caller';

/** Each script's reply: script name -> the tuples it may answer. */
export type ScriptReplies = Record<string, readonly unknown[]>;

export interface ScriptFamily<Replies extends ScriptReplies> {
  /** Prefix of the commands defined on a connection: `<family>_<script>`. */
  family: string;
  /** File URL of the folder holding `<script>.lua` for every script. */
  directory: URL;
  scripts: readonly (keyof Replies & string)[];
  codes: ScriptCodes;
  clock: ScriptClock;
}

type ScriptCommand = (numberOfKeys: number, ...keysThenArgs: (string | number)[]) => Promise<unknown>;

const CODE_USE = /\bCODE\.([A-Za-z_][A-Za-z0-9_]*)/g;
const TIME_CALL = /redis\.p?call\(\s*['"]TIME['"]/i;
const LITERAL_REPLY_CODE = /\breturn\s*\{\s*-?\d/;
const LUA_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * A family of Lua scripts in .lua files (with their @include lines spliced in), registered on a
 * connection with defineCommand (EVALSHA, falling back to EVAL when Redis lacks the script). Each
 * script is loaded behind a prelude with the family's codes (and `nowMs()` on Redis's clock), and
 * checked for the family's convention, so that a slip fails at start-up rather than in a sale.
 */
export class LuaScripts<Replies extends ScriptReplies> {
  private sources: Map<keyof Replies & string, string> | undefined;

  constructor(private readonly definition: ScriptFamily<Replies>) {}

  define(redis: Redis): void {
    for (const [name, lua] of this.load()) {
      if (!(this.commandName(name) in redis)) redis.defineCommand(this.commandName(name), { lua });
    }
  }

  /** Runs a script defined on the connection; its reply is typed as the family declares it. */
  async run<Name extends keyof Replies & string>(
    redis: Redis,
    name: Name,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<Replies[Name]> {
    const command: unknown = Reflect.get(redis, this.commandName(name));
    if (!isCommand(command)) {
      throw new Error(`Lua script ${this.definition.family}/${name} is not defined on this connection`);
    }
    // The one place a reply is taken on trust: the script's header and the family's type agree.
    return (await command.call(redis, keys.length, ...keys, ...args)) as Replies[Name];
  }

  /** Every script's source as sent to Redis (loaded and checked on first use). */
  load(): Map<keyof Replies & string, string> {
    this.sources ??= new Map(this.definition.scripts.map((name) => [name, this.loadScript(name)]));
    return this.sources;
  }

  private loadScript(name: string): string {
    const { directory, family } = this.definition;
    const source = loadLuaScript(fileURLToPath(new URL(`${name}.lua`, directory)));
    const fault = this.conventionFault(source);
    if (fault) throw new Error(`Lua script ${family}/${name}: ${fault}`);
    return this.prelude() + source;
  }

  private conventionFault(source: string): string | undefined {
    const { codes, clock } = this.definition;
    const stray = [...source.matchAll(CODE_USE)].find(([, code = '']) => !(code in codes));
    if (stray) return `${stray[0]} is not one of the family's codes`;
    if (LITERAL_REPLY_CODE.test(source)) return 'a reply starts with a number, not CODE.<NAME>';
    if (TIME_CALL.test(source)) {
      return clock === 'redis'
        ? 'reads TIME itself instead of nowMs()'
        : 'reads TIME, but takes its time from the caller';
    }
    return undefined;
  }

  private prelude(): string {
    const { codes, clock } = this.definition;
    const entries = Object.entries(codes).map(([code, value]) => {
      if (!LUA_NAME.test(code) || !Number.isInteger(value))
        throw new Error(`bad script code ${code}=${value}`);
      return `${code} = ${value}`;
    });
    const lines = [
      `-- Prepended by LuaScripts (server/redis/lua-scripts.ts): the ${this.definition.family} family's convention.`,
      `local CODE = { ${entries.join(', ')} }`,
    ];
    if (clock === 'redis') {
      lines.push(
        'local function nowMs()',
        "  local t = redis.call('TIME')",
        '  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)',
        'end',
      );
    }
    return `${lines.join('\n')}\n`;
  }

  private commandName(name: string): string {
    return `${this.definition.family}_${name}`;
  }
}

function isCommand(value: unknown): value is ScriptCommand {
  return typeof value === 'function';
}
