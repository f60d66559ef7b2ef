import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-policy-library.ts'],
    // DynamoDB Local is one Java process shared by the whole run (see test/global-setup.ts).
    testTimeout: 30_000,
    // The SDK's Node 20 end-of-support notice would repeat in every worker.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    hookTimeout: 120_000,
    // Two test files at once even on a 2-core machine: much of the suite waits on DynamoDB Local,
    // moto and child processes, so a second worker nearly halves the run (about 8 minutes to 5).
    maxWorkers: 2,
  },
});
