import { defineConfig } from 'vitest/config';

const SERVER_SUITE = 'test/integration/server/**/*.test.{ts,tsx}';
// Several gateway instances on one database: PostgreSQL only.
const FLEET_SUITE = 'test/integration/fleet/**/*.test.{ts,tsx}';

export default defineConfig({
  test: {
    // Property tests run 10,000 cases each; give them room on a 2-core machine.
    testTimeout: 60_000,
    // Vitest leaves one core free by default, which on a 2-core machine runs every file in turn; most gateway
    // files wait on the network and the database, so two at once nearly halve the suite's time.
    maxWorkers: 2,
    // A worker runs its files in one module graph instead of importing the gateway, zod schemas and React anew for
    // each file: that import was a fifth of the gateway suites' time. Test state lives in fixtures and each file's
    // own module, never in a shared module (gateway-test.ts builds each file its own test API for this reason).
    isolate: false,
    // expect.poll waits for a state to arrive; its timeout only bounds a failure. Vitest's 1 s default made
    // tests fail on a loaded machine while the state was still on its way.
    expect: { poll: { timeout: 15_000 } },
    // The gateway integration suite runs once per storage engine; everything else once.
    projects: [
      {
        extends: true,
        test: { name: 'default', include: ['test/**/*.test.{ts,tsx}'], exclude: ['test/fixtures/**', 'node_modules/**', SERVER_SUITE, FLEET_SUITE] },
      },
      { extends: true, test: { name: 'server-sqlite', include: [SERVER_SUITE], env: { SENTINEL_TEST_DATABASE: 'sqlite' } } },
      {
        extends: true,
        test: {
          name: 'server-postgres',
          include: [SERVER_SUITE],
          env: { SENTINEL_TEST_DATABASE: 'postgres' },
          globalSetup: ['test/harness/database/postgres-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'fleet-postgres',
          include: [FLEET_SUITE],
          env: { SENTINEL_TEST_DATABASE: 'postgres' },
          globalSetup: ['test/harness/database/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
