/**
 * `@app/platform-launch`: the narrow entry of this library for `npm start`'s launcher (apps/cli/src/launcher.ts).
 * The `@app/platform` barrel loads Nest, TypeORM, Handlebars and the rest of the web frame, about a second
 * of CPU that the launcher would spend before it spawns the apps and again beside them on the 2 cores;
 * through here it loads only the settings, the paths, embedded PostgreSQL and the migrations.
 * Everything here is also exported by the barrel.
 */
export * from './config/config';
export * from './paths';
export * from './node-flags';
export * from './launcher-gate';
export * from './db/embedded-postgres';
export * from './db/migrate';
export { embeddedDataDir } from './db/resolve-database-url';
export * from './net/free-port';
