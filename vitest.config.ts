import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-fast-check.ts'],
    testTimeout: 60_000,
    // beforeAll hooks that spawn the CLI several times (shard-merge) exceed the 10 s default on a loaded machine.
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
