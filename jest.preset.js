// Shared jest settings: SWC strips types (fast); `npm run typecheck` does the type checking.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The same SWC settings `npm run build` emits dist/ with.
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', require('./scripts/swc-options')] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  // Lists the suites skipped for a missing engine (ALLOW_MISSING_ENGINES=1) after the summary.
  reporters: ['default', require('node:path').join(__dirname, 'packages', 'testing', 'jest-reporter.js')],
};
