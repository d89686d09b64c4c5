// Unit tests: *.spec.ts, no I/O. Integration tests: *.int-spec.ts, against the machine's real
// PostgreSQL and Redis (see test/README.md); each file gets its own database and Redis prefix.
const swcConfig = JSON.parse(require('node:fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcConfig.$schema;
swcConfig.jsc.baseUrl = __dirname;

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|m?j)sx?$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  moduleNameMapper: {
    '^@rca/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@rca/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // ESM-only packages (openid-client and its dependencies, oidc-provider, the trackers' clients
  // @octokit/*, @linear/sdk and theirs): compiled to CommonJS for Jest.
  transformIgnorePatterns: [
    '/node_modules/(?!(openid-client|oauth4webapi|jose|oidc-provider|@octokit|before-after-hook|universal-user-agent|fast-content-type-parse|content-type|json-with-bigint|@linear|@graphql-typed-document-node)/)',
  ],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/integration-setup.ts'],
    },
  ],
  maxWorkers: process.env.JEST_MAX_WORKERS ?? '50%',
};
