import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { ApplicationsModule } from '@app/applications';
import { CoeModule } from '@app/coe';
import { OfficersModule } from '@app/officers';
import { AppConfig, Clock, loadConfig, ManualClock, PlatformModule } from '@app/platform';
import { configureOffice } from '../../apps/office/src/office.app';
import { OfficeModule } from '../../apps/office/src/office.module';
import { configurePortal } from '../../apps/portal/src/portal.app';
import { PortalModule } from '../../apps/portal/src/portal.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createTestDatabase } from './test-postgres';

/** Configuration for an app under test: the file's own database and the shared MailDev. */
export function testConfig(databaseUrl: string, env: NodeJS.ProcessEnv = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    SMTP_URL: process.env.TEST_SMTP_URL,
    LOG_LEVEL: 'error',
    MAIL_POLL_INTERVAL_MS: '3600000',
    // Tests publish and read at once on a clock that stands still: the top page reads every time unless a
    // test of the cache asks otherwise (test/announcements/top-page-cache.e2e-spec.ts).
    TOP_PAGE_CACHE_MS: '0',
    ...env,
  });
}

export interface Running<T extends INestApplication> {
  app: T;
  clock: ManualClock;
  url: string;
  close(): Promise<void>;
}

async function boot<T extends INestApplication>(
  module: Parameters<typeof Test.createTestingModule>[0]['imports'],
  clock: ManualClock,
  configure: (app: NestExpressApplication) => unknown,
  http = true,
): Promise<Running<T>> {
  const ref = await Test.createTestingModule({ imports: module }).overrideProvider(Clock).useValue(clock).compile();
  const app = ref.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
  configure(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app: app as unknown as T,
    clock,
    url: http ? `http://127.0.0.1:${address.port}` : '',
    close: () => app.close(),
  };
}

export const startPortal = (config: AppConfig, clock = new ManualClock('2026-04-01T00:00:00Z')) =>
  boot<NestExpressApplication>([PortalModule.register(config)], clock, configurePortal);

export const startOffice = (config: AppConfig, clock = new ManualClock('2026-04-01T00:00:00Z')) =>
  boot<NestExpressApplication>([OfficeModule.register(config)], clock, configureOffice);

export const startWorker = (config: AppConfig, clock = new ManualClock('2026-04-01T00:00:00Z')) =>
  boot<NestExpressApplication>([WorkerModule.register(config)], clock, () => undefined);

/** Settings that keep account tests fast and unthrottled unless a test asks otherwise. */
export const FAST_ACCOUNTS = {
  BCRYPT_COST: '4',
  LOGIN_ATTEMPTS_PER_ADDRESS: '10000',
  RECOVERY_REQUESTS_PER_ADDRESS: '10000',
  MAIL_REQUESTS_PER_TARGET: '10000',
  REGISTRATION_DETAILS_PER_LINK: '10000',
};

/**
 * A portal on a database of its own for one describe block: started before its tests, stopped and
 * dropped after. Read `.portal` inside tests.
 */
export function usePortal(env: NodeJS.ProcessEnv = {}): { portal: Running<NestExpressApplication>; dbUrl: string } {
  const ctx = {} as { portal: Running<NestExpressApplication>; dbUrl: string; drop?: () => Promise<void> };
  beforeAll(async () => {
    const db = await createTestDatabase();
    ctx.dbUrl = db.url;
    ctx.drop = db.drop;
    ctx.portal = await startPortal(testConfig(db.url, { ...FAST_ACCOUNTS, ...env }));
  });
  afterAll(async () => {
    await ctx.portal?.close();
    await ctx.drop?.();
  });
  return ctx;
}

/**
 * A worker's certificate services without HTTP (PlatformModule + CoeModule on `dbUrl`), on its own
 * clock: what the reminder tests run several of at once, as separate worker processes would.
 */
export async function coeWorkerContext(
  dbUrl: string,
  clock: ManualClock,
  env: NodeJS.ProcessEnv = {},
): Promise<INestApplicationContext> {
  const ref = await Test.createTestingModule({
    imports: [PlatformModule.forRoot({ config: testConfig(dbUrl, { ...FAST_ACCOUNTS, ...env }) }), CoeModule],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  ref.useLogger(false);
  return ref.init();
}

/**
 * The applications' services without HTTP (PlatformModule + ApplicationsModule + OfficersModule on `dbUrl`), on `clock`:
 * the service tier of test/applications (several contexts on one database act as several app processes).
 */
export async function applicationsContext(
  dbUrl: string,
  clock: ManualClock,
  env: NodeJS.ProcessEnv = {},
): Promise<INestApplicationContext> {
  const ref = await Test.createTestingModule({
    imports: [
      PlatformModule.forRoot({ config: testConfig(dbUrl, { ...FAST_ACCOUNTS, ...env }) }),
      ApplicationsModule,
      // The factories make officers through their repository.
      OfficersModule,
    ],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  ref.useLogger(false);
  return ref.init();
}
