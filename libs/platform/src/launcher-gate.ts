/** Set by `npm start` on the apps it spawns before the database is up: wait for its {@link LauncherGo}. */
export const LAUNCHER_GATE = 'RO_LAUNCHER_GATE';

/** The launcher's word that the database is migrated, with the settings known only then. */
export interface LauncherGo {
  go: true;
  env: Record<string, string>;
}
