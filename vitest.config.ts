import { defineConfig } from 'vitest/config';

// Integration tests start real servers against the machine's Redis and PostgreSQL; files run one at
// a time so that two cores are not shared by several clusters at once, and each file isolates
// itself with its own Redis key prefix and its own PostgreSQL database.
export default defineConfig({
  test: {
    include: [
      'server/**/*.test.ts',
      'shared/**/*.test.ts',
      'client/**/*.test.{ts,tsx}',
      'scripts/**/*.test.ts',
      'e2e/**/*.test.ts',
      'loadtest/**/*.test.ts',
    ],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    // Polls wait on sockets, databases and browsers on a shared 2-core machine: give them time.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    globalSetup: ['server/test/support/global-setup.ts'],
  },
});
