import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // The fleet tests need PostgreSQL: they run in their own project once the suite has one.
    exclude: ['test/fixtures/**', 'node_modules/**', 'test/integration/fleet/**'],
    // Property tests run 10,000 cases each; give them room on a 2-core machine.
    testTimeout: 60_000,
  },
});
