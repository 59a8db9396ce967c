#!/usr/bin/env node
// Compiles apps/, libs/ and migrations/ into dist/ with swc (type checking is `npm run typecheck`).
// scripts/run.js (so `npm start`) skips it when no source changed since the last build (`upToDate()`):
// a stamp of every source's path, size and mtime is kept in dist/.build-stamp.
'use strict';
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { readFileSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stampFile = path.join(root, 'dist', '.build-stamp');

function stamp() {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) {
        const s = statSync(p);
        h.update(`${path.relative(root, p)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  for (const d of ['apps', 'libs', 'migrations']) walk(path.join(root, d));
  h.update(readFileSync(path.join(root, 'scripts', 'build.js')));
  return h.digest('hex');
}

function upToDate() {
  try {
    return readFileSync(stampFile, 'utf8') === stamp();
  } catch {
    return false; // never built here
  }
}

function build() {
  const before = stamp();
  const swc = require.resolve('@swc/cli/bin/swc.js', { paths: [root] });
  execFileSync(
    process.execPath,
    [swc, 'apps', 'libs', 'migrations', '-d', 'dist', '--quiet', '--ignore', '**/*.spec.ts', '--only', '**/*.ts'],
    { cwd: root, stdio: 'inherit' },
  );
  writeFileSync(stampFile, before);
}

module.exports = { upToDate };
if (require.main === module) build();
