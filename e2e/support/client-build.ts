import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLIENT_DIR = join(ROOT, 'dist/client');
const SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json'];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

/** Builds the browser app with Vite unless dist/client is newer than every source of it. */
export function ensureClientBuilt(): string {
  const index = join(CLIENT_DIR, 'index.html');
  const sourcesChangedAt = Math.max(...SOURCES.map((source) => newestChange(join(ROOT, source))));
  if (!existsSync(index) || statSync(index).mtimeMs < sourcesChangedAt) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
  }
  return CLIENT_DIR;
}
