/** One jest run for the whole repo: unit specs beside the code, cross-app suites under tests/. */
module.exports = {
  // Node's environment with the host's typed arrays, which onnxruntime's tensors need (see the file).
  testEnvironment: '<rootDir>/libs/tagging/testing/onnx-jest-environment.js',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tests', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json' }],
    // PGlite's CommonJS build loads Node built-ins with dynamic import(), which jest's VM cannot run.
    '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': '<rootDir>/tools/jest/pglite-builtin-imports.transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)'],
  moduleNameMapper: {
    '^@tagphoto/(contracts|tagging|privacy)$': '<rootDir>/libs/$1/src/index.ts',
    '^@tagphoto/contracts/(.+)$': '<rootDir>/libs/contracts/src/$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 120000,
  // Tests talk to loopback only: any other connection or name lookup, here or in a hub the test starts, fails it.
  setupFilesAfterEnv: ['<rootDir>/tests/support/loopback-only.jest.js'],
};
