/**
 * Tests by kind, one jest project each (ts-jest, so decorator metadata is emitted exactly as tsc
 * emits it):
 * - unit:        no database, no network; `npm run test:unit` runs them in seconds.
 * - integration: a real PostgreSQL (embedded, or TEST_DATABASE_URL), each file its own database.
 * - contract:    the search engines against one suite (Meilisearch when MEILI_URL is set).
 * - e2e:         the built server, CLI and pages; their setup builds with tsc first, so they
 *                never run a stale dist/.
 */
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }] },
  setupFiles: ['reflect-metadata'],
};
const withDatabase = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/src/**/*.test.ts'] },
    { ...base, ...withDatabase, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...base, ...withDatabase, displayName: 'contract', testMatch: ['<rootDir>/test/contract/**/*.test.ts'] },
    {
      ...base,
      ...withDatabase,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/e2e-setup.ts',
    },
  ],
};
