import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds circuit artifacts once (first run only) and shares them with every worker.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 1_800_000,
    pool: 'forks',
    // The suite runs on the dev ceremony's artifacts, so development mode is on for every test (and
    // the CLIs they spawn); the tests of refusal turn it off explicitly.
    env: { VOUCH_ENV: 'development' },
  },
});
