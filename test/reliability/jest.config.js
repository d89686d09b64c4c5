// The reliability suite (npm run test:reliability): separate from `jest`'s unit and integration
// projects, since it starts the built product with Postgres and Redis of its own and breaks them.
const root = require('../../jest.config.js');

const base = { ...root.projects[0] };
delete base.displayName;

module.exports = {
  ...base,
  displayName: 'reliability',
  testMatch: ['<rootDir>/test/reliability/**/*.reliability.ts'],
  maxWorkers: 1,
  testTimeout: 300_000,
};
