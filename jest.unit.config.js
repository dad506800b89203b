/**
 * `npm run test:unit`: the specs that need no service — no PostgreSQL, Redis, MariaDB, PHP, browser or model file —
 * in seconds. The full `npm test` (jest.config.js) still runs these and everything else.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testEnvironment: 'node',
  roots: [
    '<rootDir>/apps/hub/src',
    '<rootDir>/apps/hub/dashboard/src',
    '<rootDir>/libs/privacy/src',
    '<rootDir>/libs/contracts/src',
    '<rootDir>/libs/tagging/src/compose',
    '<rootDir>/tests/architecture',
  ],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    // These specs talk to a real PostgreSQL or Redis.
    '<rootDir>/apps/hub/src/database/',
    '<rootDir>/apps/hub/src/jobs/bullmq.driver.spec.ts',
    '<rootDir>/libs/privacy/src/guessing-backoff.spec.ts',
    '<rootDir>/libs/privacy/src/rate-limit.spec.ts',
  ],
};
