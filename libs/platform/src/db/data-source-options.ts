import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@app/migrations';
import { MIGRATIONS_TABLE } from './migrate';
import { SnakeNamingStrategy } from './naming-strategy';
import { ParameterFreeLogger } from './query-logger';

/** One definition of how we talk to PostgreSQL, shared by the apps, the CLI and the tests. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    logger: new ParameterFreeLogger(),
    extra: { max: 10, application_name: 'residence-online' },
    ...extra,
  } as DataSourceOptions;
}
