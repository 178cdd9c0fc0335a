import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { inventoryScripts } from '../inventory/inventory-scripts';
import { InventoryScriptCode } from '../inventory/script-codes';
import { queueScripts, QueueScriptCode } from '../queue/queue-scripts';
import { createRedis } from './connection';
import { LuaScripts, type ScriptClock } from './lua-scripts';

const redis: Redis = createRedis('redis://127.0.0.1:6379');
const prefix = `t${randomBytes(4).toString('hex')}:`;

afterAll(() => redis.quit());

/** A one-script family, `probe`, in a folder of its own. */
function family(lua: string, clock: ScriptClock = 'redis') {
  const dir = mkdtempSync(join(tmpdir(), 'lua-family-'));
  writeFileSync(join(dir, 'probe.lua'), lua);
  return new LuaScripts<{ probe: [number, ...number[]] }>({
    family: `probe${randomBytes(3).toString('hex')}`,
    directory: pathToFileURL(`${dir}/`),
    scripts: ['probe'],
    codes: { OK: 1, GONE: -4 },
    clock,
  });
}

describe('Lua script families', () => {
  it("give each script the family's codes, and Redis's clock to a 'redis' family", async () => {
    const probe = family('return { CODE.GONE, CODE.OK, nowMs() }');
    probe.define(redis);
    const before = Date.now();
    const [gone, ok, now] = await probe.run(redis, 'probe', [], []);
    expect([gone, ok]).toEqual([-4, 1]);
    expect(now).toBeGreaterThanOrEqual(before - 1_000);
    expect(now).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it('answer with the codes named in TypeScript (inventory and queue refuse a show/sale not set up)', async () => {
    inventoryScripts.define(redis);
    queueScripts.define(redis);
    const keys = Array.from({ length: 9 }, (_, i) => `${prefix}${i}`);
    expect(await inventoryScripts.run(redis, 'hold', keys, ['alice', 'h.0', 60_000, 0, 0])).toEqual([
      InventoryScriptCode.SHOW_NOT_READY,
    ]);
    expect(await queueScripts.run(redis, 'join', keys.slice(0, 3), ['alice', Date.now()])).toEqual([
      QueueScriptCode.QUEUE_NOT_READY,
    ]);
  });

  it('load every script of the app within its convention', () => {
    expect([...inventoryScripts.load().keys()]).toContain('snapshot');
    expect([...queueScripts.load().keys()]).toContain('admit');
  });

  it.each([
    ['a code the family lacks', 'return { CODE.MISSING }', 'redis', /CODE\.MISSING/],
    ['a reply code written as a number', 'return { -4 }', 'redis', /starts with a number/],
    ['TIME read past nowMs()', "return { CODE.OK, redis.call('TIME')[1] }", 'redis', /instead of nowMs/],
    [
      "TIME read by a 'caller' family",
      "return { CODE.OK, redis.call('TIME')[1] }",
      'caller',
      /from the caller/,
    ],
  ] as const)('refuse a script with %s when loading it', (_case, lua, clock, message) => {
    expect(() => family(lua, clock).load()).toThrow(message);
  });

  it("give a 'caller' family no clock of its own", async () => {
    const probe = family('return { CODE.OK, nowMs() }', 'caller');
    probe.define(redis);
    await expect(probe.run(redis, 'probe', [], [])).rejects.toThrow(/nowMs/);
  });
});
