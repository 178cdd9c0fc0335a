import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLuaScript } from './script-loader';

describe('Lua script loader', () => {
  it('splices includes, nested and relative to the including file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lua-'));
    mkdirSync(join(dir, 'includes'));
    writeFileSync(join(dir, 'includes', 'a.lua'), 'local a = 1\n--- @include "b.lua"\n');
    writeFileSync(join(dir, 'includes', 'b.lua'), 'local b = 2\n');
    writeFileSync(join(dir, 'main.lua'), '--- @include "includes/a.lua"\nreturn a + b\n');
    expect(loadLuaScript(join(dir, 'main.lua'))).toBe('local a = 1\nlocal b = 2\n\n\nreturn a + b\n');
  });

  it('refuses an include cycle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lua-'));
    writeFileSync(join(dir, 'x.lua'), '--- @include "y.lua"\n');
    writeFileSync(join(dir, 'y.lua'), '--- @include "x.lua"\n');
    expect(() => loadLuaScript(join(dir, 'x.lua'))).toThrow(/cycle/);
  });
});
