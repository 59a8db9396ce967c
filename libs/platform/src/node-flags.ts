/**
 * Options of node itself for every app process (portal, office, worker), wherever it is started:
 * `npm start`'s launcher, `npm run start:<app>` (package.json repeats them: keep the two in step) and
 * the benchmarks. V8 otherwise lets the old generation grow to a large share of the machine's memory
 * before it collects in earnest, so a busy portal's RSS climbed past 250 MB on garbage it would have
 * freed; with the old generation capped at 160 MB it stays flat (docs/decisions.md, "Memory of the apps").
 */
export const APP_NODE_FLAGS = ['--max-old-space-size=160'];
