import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file gets its own process: the local runtime sets process-wide AWS endpoint variables.
    pool: 'forks',
    // End-to-end runs start emulators and simulators and move thousands of rows through them.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Metrics are EMF lines on stdout: on one machine nothing reads them (a test that checks them turns them on).
    env: { POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
