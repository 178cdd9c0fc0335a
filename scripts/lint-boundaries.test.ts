import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The boundaries lint keeps (eslint.config.js, docs/architecture.md), shown failing on planted
 * violations: the repository itself passes `npm run lint`, so these say the rules are really there.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('lint boundaries', () => {
  it("refuses a feature importing another feature's socket handlers or routes", async () => {
    const handlers = `import { registerQueueHandlers } from '../queue/queue.handlers';\nexport const planted = registerQueueHandlers;\n`;
    expect(await rulesBroken('server/orders/planted.ts', handlers)).toContain('no-restricted-imports');
    const routes = `import { queueRoutes } from '../queue/queue.routes';\nexport const planted = queueRoutes;\n`;
    expect(await rulesBroken('server/inventory/planted.ts', routes)).toContain('no-restricted-imports');
    // Its own module may register them; the guard a feature shares is where it should depend.
    const own = `import { registerQueueHandlers } from './queue.handlers';\nexport const planted = registerQueueHandlers;\n`;
    expect(await rulesBroken('server/queue/planted.module.ts', own)).toEqual([]);
  });

  it('refuses routes importing the socket handlers beside them', async () => {
    const code = `import { registerInventoryHandlers } from './inventory.handlers';\nexport const planted = registerInventoryHandlers;\n`;
    expect(await rulesBroken('server/inventory/planted.routes.ts', code)).toContain('no-restricted-imports');
  });

  it('refuses an import cycle', async () => {
    // queue.service imports errors/app-error: app-error importing it back closes a cycle.
    const path = 'server/errors/app-error.ts';
    const original = readFileSync(path, 'utf8');
    expect(await rulesBroken(path, original)).toEqual([]);
    const cyclic = `${original}\nimport { QueueService } from '../queue/queue.service';\nexport const planted = QueueService;\n`;
    expect(await rulesBroken(path, cyclic)).toContain('import-x/no-cycle');
  });
});
