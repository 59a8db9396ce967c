import { resolve } from 'node:path';
import { AppConfig } from '../config/config';
import { projectPath } from '../paths';
import { runningEmbeddedPostgres } from './embedded-postgres';

export const embeddedDataDir = (config: AppConfig): string => resolve(projectPath(), config.dataDir, 'pg');

/** DATABASE_URL when given; otherwise the embedded server started by `npm start`, if it runs. */
export async function resolveDatabaseUrl(config: AppConfig): Promise<string> {
  if (config.databaseUrl) return config.databaseUrl;
  const url = await runningEmbeddedPostgres(embeddedDataDir(config));
  if (!url) {
    throw new Error('No database: set DATABASE_URL, or run `npm start` so that the embedded PostgreSQL is running.');
  }
  return url;
}
