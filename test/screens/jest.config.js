// `npm run screens`: test/screens/take-screens.run.ts alone, with the suite's transform and global setup
// (a throwaway embedded PostgreSQL and MailDev). Not part of `npm test`: it writes docs, it checks nothing.
const path = require('node:path');
const suite = require('../../jest.config.js');

const common = { ...suite.projects[0] };
delete common.displayName;
delete common.testMatch;

module.exports = {
  ...common,
  rootDir: path.join(__dirname, '..', '..'),
  globalSetup: suite.globalSetup,
  globalTeardown: suite.globalTeardown,
  testMatch: ['<rootDir>/test/screens/take-screens.run.ts'],
  maxWorkers: 1,
  testTimeout: 170_000,
};
