import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startMailCatcher } from './mail-catcher';
import { startTestPostgres } from './test-postgres';

/**
 * Once per `npm test`: one PostgreSQL (embedded unless DATABASE_URL) with a migrated template database
 * that each test file clones, and one MailDev. Their addresses reach the test workers through env.
 */
export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..', '..');
  // The CLI and `npm start` tests run the compiled apps, as users do.
  execFileSync(process.execPath, [join(root, 'scripts', 'build.js')], { stdio: 'inherit' });
  const mailDir = join(root, '.data', 'test', `maildev-${process.pid}`);
  rmSync(mailDir, { recursive: true, force: true });
  const pg = await startTestPostgres(root);
  const mail = await startMailCatcher(mailDir);
  process.env.TEST_PG_ADMIN_URL = pg.adminUrl;
  process.env.TEST_PG_TEMPLATE = pg.template;
  process.env.TEST_SMTP_URL = mail.smtpUrl;
  process.env.TEST_MAILDEV_URL = mail.apiUrl;
  process.env.TEST_MAILDEV_DIR = mailDir;
  (globalThis as Record<string, unknown>).__roTestServers = { pg, mail };
}
