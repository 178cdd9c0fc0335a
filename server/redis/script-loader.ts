import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const INCLUDE_LINE = /^--- @include "([^"]+)"[ \t]*$/gm;

/**
 * Reads a Lua script and splices in its `--- @include "file"` lines (relative to the script), as
 * BullMQ's script loader does, so that shared helpers are written once.
 */
export function loadLuaScript(path: string, including: string[] = []): string {
  if (including.includes(path)) throw new Error(`Lua include cycle: ${[...including, path].join(' -> ')}`);
  const source = readFileSync(path, 'utf8');
  return source.replace(INCLUDE_LINE, (_line, file: string) =>
    loadLuaScript(join(dirname(path), file), [...including, path]),
  );
}
