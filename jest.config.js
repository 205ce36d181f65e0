/** Four tiers (see docs/testing.md): unit specs beside the code; integration, e2e and fuzz under test/. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/support/setup-each-file.ts'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  // NestJS 12, cookie 2 (also under light-my-request), content-disposition 2 and pg-boss 12 (with serialize-error and non-error) ship ES modules only; they are compiled to CommonJS for Jest like our code.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs/|cookie/|content-disposition/|@fastify/static/node_modules/content-disposition/|pg-boss/|serialize-error/|non-error/|light-my-request/node_modules/cookie/))',
  ],
  moduleNameMapper: { '^src/(.*)$': '<rootDir>/src/$1', '^test/(.*)$': '<rootDir>/test/$1' },
};

/**
 * Jest runs a project's global hooks only when it has tests to run, once per distinct file:
 * one PostgreSQL serves both database tiers, and `test:unit` starts none.
 */
const withDatabase = {
  setupFilesAfterEnv: ['<rootDir>/test/support/database-tier-timeout.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...shared,
      ...withDatabase,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
    },
    {
      ...shared,
      ...withDatabase,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
  ],
};
