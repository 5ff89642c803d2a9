import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/fixtures/**', 'node_modules/**'],
    // Property tests run 10,000 cases each; give them room on a 2-core machine.
    testTimeout: 60_000,
  },
});
