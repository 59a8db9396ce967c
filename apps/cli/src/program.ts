import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, InvalidArgumentError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { z } from 'zod';
import { announcementForm, AnnouncementsService, fieldName, toJapanLocal } from '@app/announcements';
import { ApiKeysService, ReminderSweep } from '@app/coe';
import { approvalForm, LegacyImportService, parseLegacyCsv, UsersService } from '@app/accounts';
import { emailField, japanToday } from '@app/fields';
import { MailDispatcher, MailService } from '@app/mail';
import { officerAccountForm, OfficerIdError, OfficersService } from '@app/officers';
import {
  AppConfig,
  Clock,
  isLanguage,
  LANGUAGE_CODES,
  ManualClock,
  migrate,
  requiredText,
  Retention,
  SystemClock,
} from '@app/platform';
import { CliModule } from './cli.module';
import { withCliDatabase } from './cli-database';
import { launch } from './launcher';
import { parseOptions, UsageError } from './options';

type Out = (line: string) => void;

const isoTime = (value: string): Date => {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(d.getTime())) {
    throw new InvalidArgumentError('expected an ISO 8601 time such as 2026-04-01T09:00:00+09:00');
  }
  return d;
};

/** What an API key is for, as `apikey:create --name` takes it. */
const apiKeyForm = z.object({ name: requiredText(100) });

/** An officer ID as typed to the officer commands (looked up case-insensitively, as at login). */
const officerIdForm = z.object({ loginId: requiredText(64) });

/** Rows as aligned columns under a header, for the operator's terminal. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

const timeOrDash = (d: Date | null): string => (d ? d.toISOString() : '-');

/** Runs `fn` with the Nest services on the command's database, migrated, and closes everything after. */
async function withServices<T>(
  config: AppConfig,
  fn: (app: INestApplicationContext) => Promise<T>,
  clock?: Clock,
): Promise<T> {
  return withCliDatabase(config, async (cfg) => {
    if (!config.databaseUrl) await migrate(cfg.databaseUrl!); // embedded database: keep it current
    const app = await NestFactory.createApplicationContext(CliModule.register(cfg, clock), {
      logger: ['error', 'warn'],
    });
    try {
      return await fn(app);
    } finally {
      await app.close();
    }
  });
}

/** The operator commands of SPEC §7. Each prints what it did; failures exit non-zero with a message. */
export function buildProgram(config: AppConfig, out: Out = (l) => process.stdout.write(`${l}\n`)): Command {
  const program = new Command('residence-online')
    .description('Residence Online operator commands')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('start')
    .description('start everything for development: embedded PostgreSQL, MailDev, portal, office and worker')
    .action(async () => {
      await launch(config);
    });

  program
    .command('db:migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const done = await withCliDatabase(config, (cfg) => migrate(cfg.databaseUrl!));
      out(done.length ? `applied ${done.length} migration(s): ${done.join(', ')}` : 'database is up to date');
    });

  program
    .command('mail:flush')
    .description('send every mail that is due now')
    .action(async () => {
      const r = await withServices(config, (app) => app.get(MailDispatcher).flush());
      out(`mail: ${r.sent} sent, ${r.failed} failed (will be retried)`);
      if (r.failed) process.exitCode = 1;
    });

  program
    .command('mail:test')
    .description('queue a test mail (then run mail:flush, or let the worker send it)')
    .requiredOption('--to <address>', 'recipient address')
    .option('--lng <code>', `language: ${LANGUAGE_CODES.join(', ')}`, 'ja')
    .action(async (opts: { to: string; lng: string }) => {
      const { to } = parseOptions(z.object({ to: emailField }), opts, { to: '--to' });
      if (!isLanguage(opts.lng)) throw new UsageError(`--lng must be one of ${LANGUAGE_CODES.join(', ')}`);
      const lng = opts.lng;
      await withServices(config, async (app) => {
        const sentAt = app.get(Clock).now().toISOString();
        await app.get(MailService).enqueue({ to, template: 'mail/test', lng, data: { sentAt } });
      });
      out(`queued a test mail to ${to}`);
    });

  const add = program
    .command('announcement:add')
    .description('publish an announcement on the top page (Japanese required, other languages optional)')
    .requiredOption('--title-ja <text>', 'title in Japanese')
    .requiredOption('--body-ja <text>', 'body in Japanese')
    .option('--from <iso-time>', 'publish from (default: now)', isoTime)
    .option('--until <iso-time>', 'publish until (default: no end)', isoTime);
  for (const lng of LANGUAGE_CODES.filter((l) => l !== 'ja')) {
    add.option(`--title-${lng} <text>`, `title in ${lng}`).option(`--body-${lng} <text>`, `body in ${lng}`);
  }
  add.action(async (opts: Record<string, string | Date | undefined>) => {
    const from = opts.from as Date | undefined;
    const until = opts.until as Date | undefined;
    const flags: Record<string, string> = { publishFrom: '--from', publishUntil: '--until' };
    for (const lng of LANGUAGE_CODES) {
      flags[fieldName('title', lng)] = `--title-${lng}`;
      flags[fieldName('body', lng)] = `--body-${lng}`;
    }
    // Commander names --title-zh-Hans `titleZhHans`, as the form names its fields.
    const input = parseOptions(
      announcementForm,
      {
        ...opts,
        publishFrom: toJapanLocal(from ?? new SystemClock().now(), true),
        publishUntil: until ? toJapanLocal(until, true) : undefined,
      },
      flags,
    );
    const created = await withServices(config, (app) => app.get(AnnouncementsService).create(input, 'cli'));
    out(`announcement ${created.id} added`);
  });

  program
    .command('users:import-legacy')
    .description(
      'import accounts from the legacy system (CSV: ID, bcrypt hash, e-mail, English name or empty, category); safe to re-run',
    )
    .argument('<file>', 'CSV file')
    .action(async (file: string) => {
      if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
      const { accounts, problems } = parseLegacyCsv(readFileSync(file, 'utf8'));
      const bar = new SingleBar(
        {
          format: 'importing [{bar}] {value}/{total} accounts',
          stream: process.stderr,
          noTTYOutput: true,
          notTTYSchedule: 2000,
        },
        Presets.shades_classic,
      );
      bar.start(accounts.length, 0);
      const report = await withServices(config, (app) =>
        app.get(LegacyImportService).import(accounts, (n) => bar.update(n)),
      );
      bar.stop();
      const all = [...problems, ...report.problems].sort((a, b) => a.line - b.line);
      for (const p of all) process.stderr.write(`line ${p.line}: ${p.message}\n`);
      out(`imported ${report.imported}, already present ${report.alreadyPresent}, rejected ${all.length}`);
      if (all.length) process.exitCode = 1;
    });

  program
    .command('users:unlock')
    .description('lift the lock of an account at once (after checking who is asking)')
    .argument('<userId>', 'the user ID (利用者ID)')
    .action(async (loginId: string) => {
      const found = await withServices(config, (app) => app.get(UsersService).unlock(loginId, 'cli'));
      if (!found) throw new UsageError(`no account with user ID ${loginId}`);
      out(`unlocked ${found}`);
    });

  program
    .command('users:approve')
    .description('record that a user is approved for online applications (利用申出), with the details checked')
    .argument('<userId>', 'the user ID (利用者ID)')
    .requiredOption('--gender <gender>', 'male or female')
    .requiredOption('--birth <date>', 'date of birth, YYYY-MM-DD')
    .requiredOption('--postal <code>', 'postal code, 7 digits')
    .requiredOption('--address <text>', 'residence address (住居地)')
    .action(async (loginId: string, opts: { gender: string; birth: string; postal: string; address: string }) => {
      const details = parseOptions(
        approvalForm(japanToday(new SystemClock().now())),
        { gender: opts.gender, dateOfBirth: opts.birth, postalCode: opts.postal, address: opts.address },
        { gender: '--gender', dateOfBirth: '--birth', postalCode: '--postal', address: '--address' },
      );
      const found = await withServices(config, (app) => app.get(UsersService).approve(loginId, details, 'cli'));
      if (!found) throw new UsageError(`no account with user ID ${loginId}`);
      out(`approved ${found}`);
    });

  program
    .command('reminders:run')
    .description('run one e-COE reminder sweep (as of --at, default now) and send the mails it queues at once')
    .option('--at <iso-time>', 'the time the sweep runs as, e.g. 2025-07-30T15:00:00+09:00', isoTime)
    .action(async (opts: { at?: Date }) => {
      const clock = opts.at ? new ManualClock(opts.at) : undefined;
      const r = await withServices(
        config,
        async (app) => {
          const sweep = await app.get(ReminderSweep).run();
          const mail = await app.get(MailDispatcher).flush();
          return { sweep, mail };
        },
        clock,
      );
      out(
        `reminders: ${r.sweep.queued} queued (${r.sweep.claimed} due); mail: ${r.mail.sent} sent, ${r.mail.failed} failed`,
      );
      if (r.mail.failed) process.exitCode = 1;
    });

  program
    .command('retention:run')
    .description('delete once what is past its retention period (as of --at, default now); see docs/operations.md')
    .option('--at <iso-time>', 'the time the run counts as now, e.g. 2026-05-01T00:00:00+09:00', isoTime)
    .action(async (opts: { at?: Date }) => {
      const clock = opts.at ? new ManualClock(opts.at) : undefined;
      const removed = await withServices(config, (app) => app.get(Retention).run(), clock);
      for (const [table, n] of Object.entries(removed)) out(`${table}: ${n}`);
    });

  program
    .command('apikey:create')
    .description('create a bearer key for the JSON API; prints the key alone on its last line, once')
    .requiredOption('--name <name>', 'what the key is for, e.g. "examination system"')
    .action(async (opts: { name: string }) => {
      const { name } = parseOptions(apiKeyForm, opts, { name: '--name' });
      const { id, key } = await withServices(config, (app) => app.get(ApiKeysService).create(name, 'cli'));
      out(`API key ${id} for "${name}" (store it now; it cannot be shown again):`);
      out(key);
    });

  program
    .command('apikey:list')
    .description('list the API keys: name, prefix, created, last used, revoked (never the key itself)')
    .action(async () => {
      const keys = await withServices(config, (app) => app.get(ApiKeysService).list());
      if (!keys.length) return out('no API keys');
      const rows = keys.map((k) => [k.name, k.prefix, ...[k.createdAt, k.lastUsedAt, k.revokedAt].map(timeOrDash)]);
      for (const l of table(['name', 'prefix', 'created', 'last used', 'revoked'], rows)) out(l);
    });

  program
    .command('apikey:revoke')
    .description('revoke the live API key(s) with this name; requests with it get 401 at once')
    .requiredOption('--name <name>', 'the name given at apikey:create (see apikey:list)')
    .action(async (opts: { name: string }) => {
      const { name } = parseOptions(apiKeyForm, opts, { name: '--name' });
      const ids = await withServices(config, (app) => app.get(ApiKeysService).revoke(name, 'cli'));
      if (!ids.length) throw new UsageError(`no live API key named "${name}" (see apikey:list)`);
      out(`revoked ${ids.length} API key(s) named "${name}"`);
    });

  const officerCommands = [
    {
      name: 'officer:unlock',
      description: 'lift the lock of an officer account at once (after checking who is asking)',
      run: (officers: OfficersService, id: string) => officers.unlock(id, 'cli'),
      done: (id: string) => `unlocked officer ${id}`,
    },
    {
      name: 'officer:disable',
      description: 'stop an officer from logging in; every session of theirs ends at once',
      run: (officers: OfficersService, id: string) => officers.disable(id, 'cli'),
      done: (id: string) => `disabled officer ${id}; their sessions have ended`,
    },
  ];
  for (const c of officerCommands) {
    program
      .command(c.name)
      .description(c.description)
      .argument('<id>', 'the officer ID')
      .action(async (id: string) => {
        const { loginId } = parseOptions(officerIdForm, { loginId: id }, { loginId: '<id>' });
        const found = await withServices(config, (app) => c.run(app.get(OfficersService), loginId));
        if (!found) throw new UsageError(`no officer with ID ${loginId}`);
        out(c.done(found));
      });
  }

  program
    .command('officer:reseal-secrets')
    .description('after a key rotation: seal every TOTP secret under SECRETS_ENCRYPTION_KEY (then drop the old key)')
    .action(async () => {
      const n = await withServices(config, (app) => app.get(OfficersService).resealSecrets());
      out(`${n} TOTP secret(s) sealed under the current key; none is left under an old one`);
    });

  program
    .command('officer:create')
    .description('create an office console account; prints its one-time password (changed at first login)')
    .requiredOption('--id <id>', 'officer ID used to log in (3-32 letters, digits, ".", "_", "-")')
    .requiredOption('--name <name>', "the officer's name, as shown in the console")
    .action(async (opts: { id: string; name: string }) => {
      const { loginId, name } = parseOptions(
        officerAccountForm,
        { loginId: opts.id, name: opts.name },
        { loginId: '--id', name: '--name' },
      );
      const created = await withServices(config, async (app) => {
        try {
          return await app.get(OfficersService).create(loginId, name);
        } catch (e) {
          if (e instanceof OfficerIdError) throw new UsageError(e.message);
          throw e;
        }
      });
      out(`officer ${created.officer.loginId} (${created.officer.name}) created`);
      out('one-time password (shown only now; the officer sets a new one and a TOTP app at first login):');
      out(created.password);
    });

  return program;
}
