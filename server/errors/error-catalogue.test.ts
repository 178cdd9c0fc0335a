import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, ERROR_CODES } from '../../shared/errors';

describe('the error catalogue', () => {
  it('is documented code for code in docs/errors.md, with the same HTTP status', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const documented = new Map(
      [...doc.matchAll(/^\| `([A-Z_]+)` +\| (\d{3}) +\|/gm)].map((match) => [match[1]!, Number(match[2])]),
    );
    expect([...documented.keys()].sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) expect(documented.get(code), code).toBe(ERROR_CATALOGUE[code].status);
  });

  it('uses only client and server error statuses', () => {
    for (const code of ERROR_CODES) expect(ERROR_CATALOGUE[code].status).toBeGreaterThanOrEqual(400);
  });
});
