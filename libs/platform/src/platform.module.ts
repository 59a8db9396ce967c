import { DynamicModule, Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, loadConfig } from './config/config';
import { Clock, SystemClock } from './clock/clock';
import { dataSourceOptions } from './db/data-source-options';
import { resolveDatabaseUrl } from './db/resolve-database-url';
import { DatabaseHealthRepository } from './db/database-health.repository';
import { deleteIdempotencyKeysBefore } from './db/idempotency.repository';
import { daysBefore, Retention } from './retention/retention';
import { ThrottleRepository } from './web/throttle.repository';
import { DatabaseAvailability } from './db/database-unavailable';
import { ThrottleService } from './web/throttle.service';
import { SecretCipher, secretCipherOf } from './crypto/secret-cipher';

/**
 * What every app imports once: validated configuration, the clock and the database connection.
 * Tests override `Clock` (and may pass a config) instead of touching globals.
 */
@Global()
@Module({})
export class PlatformModule implements OnModuleInit {
  static forRoot(opts: { config?: AppConfig; poolSize?: number; clock?: Clock } = {}): DynamicModule {
    const config = opts.config ?? loadConfig();
    return {
      module: PlatformModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => ({
            ...dataSourceOptions(await resolveDatabaseUrl(config), {
              extra: {
                max: opts.poolSize ?? 10,
                application_name: 'residence-online',
                connectionTimeoutMillis: config.databaseConnectTimeoutMs,
              },
            }),
            autoLoadEntities: true,
            retryAttempts: 2,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        opts.clock ? { provide: Clock, useValue: opts.clock } : { provide: Clock, useClass: SystemClock },
        { provide: SecretCipher, useValue: secretCipherOf(config) },
        ThrottleService,
        ThrottleRepository,
        DatabaseHealthRepository,
        Retention,
        DatabaseAvailability,
      ],
      exports: [
        APP_CONFIG,
        Clock,
        SecretCipher,
        ThrottleService,
        DatabaseHealthRepository,
        Retention,
        DatabaseAvailability,
      ],
    };
  }

  constructor(
    private readonly retention: Retention,
    private readonly throttle: ThrottleRepository,
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The platform's own tables in the retention job: lapsed throttle counters, old idempotency keys. */
  onModuleInit(): void {
    this.retention.register({ table: 'throttle', purge: (now, limit) => this.throttle.deleteLapsed(now, limit) });
    this.retention.register({
      table: 'idempotency_key',
      purge: (now, limit) =>
        deleteIdempotencyKeysBefore(this.db, daysBefore(now, this.config.idempotencyKeyRetentionDays), limit),
    });
  }
}
