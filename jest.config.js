// Jest runs everything with swc (decorator metadata included); path aliases are rewritten at compile
// time from the same table as .swcrc, so global setup, specs and apps resolve modules alike.
const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;
swcrc.jsc.baseUrl = __dirname;
const transform = {
  '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }],
  // A few dependencies ship only ES modules (otplib's @scure/base); Jest on Node 20 needs them as CommonJS.
  '^.+\\.m?js$': [
    '@swc/jest',
    { swcrc: false, jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const ESM_ONLY = ['@scure', '@otplib', 'otplib', '@noble'];

// Pure, CPU-heavy dependencies that run outside the test's vm context (test/support/node-environment.js).
const OUTSIDE_VM = {
  '^qrcode$': '<rootDir>/test/support/outside-vm/qrcode.js',
  '^@pdf-lib/fontkit$': '<rootDir>/test/support/outside-vm/fontkit.js',
};

const common = {
  rootDir: __dirname,
  transform,
  testEnvironment: '<rootDir>/test/support/node-environment.js',
  moduleNameMapper: OUTSIDE_VM,
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
};

module.exports = {
  // Two workers: on the 2-core CI machine Jest's default (cores − 1) runs every file in band, while the
  // end-to-end files spend much of their time waiting on PostgreSQL, SMTP and child processes. Measured
  // in docs/testing.md (about 250 s against 430 s for the whole suite, same machine, back to back).
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,migrations,test}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/**/*.browser-spec.ts'] },
  ],
};
