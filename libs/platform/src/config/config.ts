import { join } from 'node:path';
import { z } from 'zod';
import { decodeKey } from '../crypto/secret-cipher';
import { hasSenderAddress } from '../web/mail-sender';

const port = z.coerce.number().int().min(1).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.join(' or ')}//`,
  );

const DEV_SESSION_SECRET = 'development-only-session-secret-change-me';
/** 32 bytes that say what they are: anyone may read them, so production refuses to start without a key. */
const DEV_SECRETS_ENCRYPTION_KEY = Buffer.from('development-only-key-change-me!!', 'utf8');

// The message never quotes the value: a mistyped key is still most of a key.
const KEY_MESSAGE = 'must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)';
const secretsKey = z.string().refine((v) => decodeKey(v) !== undefined, KEY_MESSAGE);
const secretsKeyList = z
  .string()
  .refine((v) => v.split(',').every((k) => !k.trim() || decodeKey(k) !== undefined), `each key ${KEY_MESSAGE}`);

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
    EMBEDDED_PG_PORT: port.default(54329),
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    DATA_DIR: z.string().min(1).default('.data'),
    SMTP_URL: url(['smtp:', 'smtps:']).optional(),
    MAILDEV_SMTP_PORT: port.default(1025),
    MAILDEV_WEB_PORT: port.default(1080),
    MAIL_FROM: z
      .string()
      .min(3)
      .refine(hasSenderAddress, 'must be an e-mail address or "Name <address>"')
      .default('Residence Online <no-reply@residence-online.example>'),
    MAIL_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(2000),
    MAIL_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
    MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(20),
    MAIL_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(4),
    REMINDER_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
    PORTAL_PORT: port.default(3000),
    OFFICE_PORT: port.default(3001),
    WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
    PORTAL_BASE_URL: url(['http:', 'https:']).optional(),
    OFFICE_BASE_URL: url(['http:', 'https:']).optional(),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SECRETS_ENCRYPTION_KEY: secretsKey.optional(),
    SECRETS_ENCRYPTION_OLD_KEYS: secretsKeyList.optional(),
    TRUST_PROXY: bool.default(false),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
    CONTACT_URL: z.string().min(1).default('/contact'),
    ONLINE_APPLICATIONS_INFO_URL: url(['https:', 'http:']).default(
      'https://www.moj.go.jp/isa/applications/online/onlineshinsei.html',
    ),
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
    LOGIN_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(30),
    RECOVERY_REQUESTS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(10),
    API_KEY_REJECTIONS_AUDITED_PER_HOUR: z.coerce.number().int().min(0).max(1_000_000).default(1000),
    API_KEY_REJECTIONS_AUDITED_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(20),
    MAIL_REQUESTS_PER_TARGET: z.coerce.number().int().min(1).max(100_000).default(5),
    REGISTRATION_DETAILS_PER_LINK: z.coerce.number().int().min(1).max(100_000).default(10),
    RETENTION_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(3_600_000),
    RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
    RETENTION_MAX_ROWS_PER_RUN: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
    EMAIL_TOKEN_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
    IDEMPOTENCY_KEY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
    MAIL_BODY_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
    APPLICATION_DRAFT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    WITHDRAWN_DOCUMENTS_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
    TOP_PAGE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
    DOCUMENT_STORAGE: z.enum(['filesystem', 's3']).default('filesystem'),
    DOCUMENT_STORAGE_DIR: z.string().min(1).optional(),
    DOCUMENT_SCANNER: z.enum(['none']).default('none'),
    S3_ENDPOINT: url(['https:', 'http:']).optional(),
    S3_BUCKET: z.string().min(3).max(63).optional(),
    S3_ACCESS_KEY: z.string().min(1).optional(),
    S3_SECRET_KEY: z.string().min(1).optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_PATH_STYLE: bool.default(true),
  })
  .transform((env, ctx) => {
    const production = env.NODE_ENV === 'production';
    if (production && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required when NODE_ENV=production' });
    }
    if (production && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when NODE_ENV=production' });
    }
    if (production && !env.SMTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required when NODE_ENV=production' });
    }
    if (production && !env.SECRETS_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['SECRETS_ENCRYPTION_KEY'],
        message: 'is required when NODE_ENV=production',
      });
    }
    if (env.DOCUMENT_STORAGE === 's3') {
      for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when DOCUMENT_STORAGE=s3' });
      }
    }
    return {
      env: env.NODE_ENV,
      production,
      databaseUrl: env.DATABASE_URL,
      embeddedPgPort: env.EMBEDDED_PG_PORT,
      /** How long a request waits for a database connection before it gets the 503 page (not forever). */
      databaseConnectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      dataDir: env.DATA_DIR,
      smtpUrl: env.SMTP_URL ?? `smtp://localhost:${env.MAILDEV_SMTP_PORT}`,
      smtpIsEmbedded: !env.SMTP_URL,
      maildevSmtpPort: env.MAILDEV_SMTP_PORT,
      maildevWebPort: env.MAILDEV_WEB_PORT,
      mailFrom: env.MAIL_FROM,
      mailPollIntervalMs: env.MAIL_POLL_INTERVAL_MS,
      mailBatchSize: env.MAIL_BATCH_SIZE,
      mailMaxAttempts: env.MAIL_MAX_ATTEMPTS,
      /** SMTP connections a worker keeps open, and so how many mails it sends at once. */
      mailMaxConnections: env.MAIL_MAX_CONNECTIONS,
      reminderSweepIntervalMs: env.REMINDER_SWEEP_INTERVAL_MS,
      portalPort: env.PORTAL_PORT,
      officePort: env.OFFICE_PORT,
      workerPort: env.WORKER_PORT,
      portalBaseUrl: (env.PORTAL_BASE_URL ?? `http://localhost:${env.PORTAL_PORT}`).replace(/\/$/, ''),
      officeBaseUrl: (env.OFFICE_BASE_URL ?? `http://localhost:${env.OFFICE_PORT}`).replace(/\/$/, ''),
      sessionSecret: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
      /**
       * The keys of secrets stored encrypted (officers' TOTP secrets): `current` seals, `old` only opens
       * values sealed before a rotation (docs/decisions.md). Bytes, never logged.
       */
      secretsKeys: {
        current: env.SECRETS_ENCRYPTION_KEY ? decodeKey(env.SECRETS_ENCRYPTION_KEY)! : DEV_SECRETS_ENCRYPTION_KEY,
        old: (env.SECRETS_ENCRYPTION_OLD_KEYS ?? '')
          .split(',')
          .filter((k) => k.trim())
          .map((k) => decodeKey(k)!),
      },
      trustProxy: env.TRUST_PROXY,
      logLevel: env.LOG_LEVEL,
      contactUrl: env.CONTACT_URL,
      /** The agency's page on online applications, linked from オンライン申請手続き until the portal takes them. */
      onlineApplicationsInfoUrl: env.ONLINE_APPLICATIONS_INFO_URL,
      bcryptCost: env.BCRYPT_COST,
      /** POSTs that run bcrypt (logins, new passwords, e-mail change) one client address may make per 15 minutes. */
      loginAttemptsPerAddress: env.LOGIN_ATTEMPTS_PER_ADDRESS,
      /** Mail-sending POSTs (registration e-mail, recovery, e-mail change) one client address may make per hour. */
      recoveryRequestsPerAddress: env.RECOVERY_REQUESTS_PER_ADDRESS,
      /** Rejected API keys audited per hour in all (`api.key_rejected`); the rest are not logged. */
      apiKeyRejectionsAuditedPerHour: env.API_KEY_REJECTIONS_AUDITED_PER_HOUR,
      /** Rejected API keys audited per hour from one client address. */
      apiKeyRejectionsAuditedPerAddress: env.API_KEY_REJECTIONS_AUDITED_PER_ADDRESS,
      /** Mail-sending POSTs naming one e-mail address (any case or spacing), per hour, whoever sends them. */
      mailRequestsPerTarget: env.MAIL_REQUESTS_PER_TARGET,
      /** Details POSTs (each hashes a password) on one registration link during its 24 hours. */
      registrationDetailsPerLink: env.REGISTRATION_DETAILS_PER_LINK,
      /** How often the worker's retention job runs (docs/operations.md). */
      retentionIntervalMs: env.RETENTION_INTERVAL_MS,
      /** Rows one retention statement deletes or empties at most. */
      retentionBatchSize: env.RETENTION_BATCH_SIZE,
      /** Rows of one table one retention run handles at most; the rest waits for the next run. */
      retentionMaxRowsPerRun: env.RETENTION_MAX_ROWS_PER_RUN,
      /** Days a used or expired e-mail token is kept after its use or expiry. */
      emailTokenRetentionDays: env.EMAIL_TOKEN_RETENTION_DAYS,
      /** Days an Idempotency-Key is remembered (a retry after that issues again). */
      idempotencyKeyRetentionDays: env.IDEMPOTENCY_KEY_RETENTION_DAYS,
      /** Days the text of a sent mail is kept; its history line (who, when, result) stays. */
      mailBodyRetentionDays: env.MAIL_BODY_RETENTION_DAYS,
      /** Days a draft (一時保存) untouched is kept; then it goes with its documents. */
      applicationDraftRetentionDays: env.APPLICATION_DRAFT_RETENTION_DAYS,
      /**
       * Days a withdrawn application keeps its documents (0: the next retention run). A withdrawal cannot be
       * undone and a new filing uploads afresh, so the documents (passport pages, photos) serve no purpose.
       */
      withdrawnDocumentsRetentionDays: env.WITHDRAWN_DOCUMENTS_RETENTION_DAYS,
      /**
       * How long a portal process reuses the top page's announcements it read (0: read every time); an
       * announcement published or changed in the office shows on the top page within this time.
       */
      topPageCacheMs: env.TOP_PAGE_CACHE_MS,
      /** Where uploaded documents live (docs/storage.md); the S3 secret is never logged. */
      documentStorage:
        env.DOCUMENT_STORAGE === 's3'
          ? {
              kind: 's3' as const,
              endpoint: env.S3_ENDPOINT ?? '',
              bucket: env.S3_BUCKET ?? '',
              accessKey: env.S3_ACCESS_KEY ?? '',
              secretKey: env.S3_SECRET_KEY ?? '',
              region: env.S3_REGION,
              pathStyle: env.S3_PATH_STYLE,
            }
          : { kind: 'filesystem' as const, dir: env.DOCUMENT_STORAGE_DIR ?? join(env.DATA_DIR, 'documents') },
      /** The virus-scanning hook for uploads; `none` scans nothing (docs/storage.md). */
      documentScanner: env.DOCUMENT_SCANNER,
    };
  });

export type AppConfig = z.output<typeof configSchema>;

/** Thrown for a bad setting; its message is the one line shown to the operator. */
export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue.path[0] ?? 'configuration');
  throw new ConfigError(`Invalid configuration: ${name} ${issue.message}`);
}

/** Validated configuration, or one clear line on stderr and exit code 1. */
export function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

/** Nest injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
