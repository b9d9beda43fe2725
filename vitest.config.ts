import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most files wait on Postgres, the sandbox or Chromium, not the CPU: three forks on 2 cores measured 231 s
    // against 344 s for one (the default, cores - 1) over the same 8 files under load.
    maxWorkers: 3,
    globalSetup: ['./test/support/global-setup.ts'],
    reporters: ['default', './test/support/slowest-files-reporter.ts'],
  },
});
