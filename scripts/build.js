#!/usr/bin/env node
// Compiles apps/, libs/ and migrations/ into dist/ with swc (type checking is `npm run typecheck`).
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const swc = require.resolve('@swc/cli/bin/swc.js', { paths: [root] });
execFileSync(
  process.execPath,
  [swc, 'apps', 'libs', 'migrations', '-d', 'dist', '--quiet', '--ignore', '**/*.spec.ts', '--only', '**/*.ts'],
  { cwd: root, stdio: 'inherit' },
);
