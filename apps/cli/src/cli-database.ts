import { AppConfig, embeddedDataDir, runningEmbeddedPostgres, startEmbeddedPostgres } from '@app/platform';

/**
 * The database a CLI command works on: DATABASE_URL when given; else the embedded server that
 * `npm start` runs (joined, not stopped afterwards); else the embedded server started just for this
 * command and stopped after it.
 */
export async function withCliDatabase<T>(config: AppConfig, fn: (config: AppConfig) => Promise<T>): Promise<T> {
  if (config.databaseUrl) return fn(config);
  const running = await runningEmbeddedPostgres(embeddedDataDir(config));
  if (running) return fn({ ...config, databaseUrl: running });
  const pg = await startEmbeddedPostgres({ dataDir: embeddedDataDir(config), port: config.embeddedPgPort });
  try {
    return await fn({ ...config, databaseUrl: pg.url });
  } finally {
    await pg.stop();
  }
}
