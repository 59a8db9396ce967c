#!/usr/bin/env node
// Compiles the TypeScript sources (swc, about a second; skipped when none changed) and runs one app from dist/:
//   node scripts/run.js <portal|office|worker|cli> [args…]
// A single Node process (no shell in between), so signals sent to `npm start` reach the launcher.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const app = process.argv[2];
if (!['portal', 'office', 'worker', 'cli'].includes(app)) {
  process.stderr.write('usage: node scripts/run.js <portal|office|worker|cli> [args…]\n');
  process.exit(2);
}
if (process.env.RO_SKIP_BUILD !== '1' && !require('./build.js').upToDate()) {
  try {
    execFileSync(process.execPath, [require.resolve('./build.js')], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch {
    process.exit(1);
  }
}
process.argv.splice(2, 1);
require(path.join(root, 'dist/apps', app, 'src/main.js'));
