import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-fast-check.ts'],
    testTimeout: 60_000,
    // beforeAll hooks run CLI commands too (shard files, packing): as much time as a test on a loaded machine.
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
