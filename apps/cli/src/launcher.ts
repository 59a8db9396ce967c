import { ChildProcess, spawn } from 'node:child_process';
import { get } from 'node:http';
import { resolve } from 'node:path';
import {
  APP_NODE_FLAGS,
  AppConfig,
  EmbeddedPostgres,
  freePort,
  LAUNCHER_GATE,
  LauncherGo,
  migrate,
  embeddedDataDir,
  projectPath,
  startEmbeddedPostgres,
} from '@app/platform-launch';
import { RunningMailDev, startMailDev } from '@app/mail-launch';

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Whether one GET of `url` answers 2xx. node:http, not fetch: polling three apps every 50 ms through
 * fetch (undici and its TLS set-up) was the launcher's largest CPU cost while the apps start beside it.
 */
const answersOk = (url: string): Promise<boolean> =>
  new Promise((ok) => {
    const req = get(url, (res) => {
      res.resume();
      ok((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300);
    });
    req.on('error', () => ok(false)); // not listening yet
    req.setTimeout(5000, () => req.destroy());
  });

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url} exited with code ${child.exitCode} before it was ready`);
    if (await answersOk(url)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
}

function spawnApp(name: string): ChildProcess {
  // Spawned before the database is ready: the app loads its code meanwhile and waits for `go` (bootstrap.ts).
  const child = spawn(process.execPath, [...APP_NODE_FLAGS, projectPath('dist/apps', name, 'src/main.js')], {
    env: { ...process.env, [LAUNCHER_GATE]: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => `[${name}] ${l}\n`)
      .join('');
  child.stdout?.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * `npm start`: embedded PostgreSQL (unless DATABASE_URL), migrations, MailDev (unless SMTP_URL), then
 * the portal, office and worker as child processes. SIGINT/SIGTERM stop all of it, PostgreSQL included.
 */
export async function launch(config: AppConfig): Promise<void> {
  const started = performance.now();
  const children: ChildProcess[] = [];
  let pg: EmbeddedPostgres | undefined;
  let maildev: RunningMailDev | undefined;
  let stopping: Promise<void> | undefined;

  const shutdown = (code: number) => {
    stopping ??= (async () => {
      say('stopping…');
      await Promise.all(children.map(stopChild));
      await maildev?.stop();
      // The launcher owns .data/pg while it runs, even when it found a server left behind by a crash.
      if (pg) await pg.stop();
      say('stopped');
      process.exit(code);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // If whatever started us (npm, a shell) goes away without passing the signal on, stop too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(0);
  }, 500).unref();

  // WORKER_PORT=0 means any free port: chosen here, so the launcher knows where to ask for its health.
  const workerPort = config.workerPort || (await freePort());
  const apps = [
    { name: 'portal', health: `http://127.0.0.1:${config.portalPort}/healthz` },
    { name: 'office', health: `http://127.0.0.1:${config.officePort}/healthz` },
    { name: 'worker', health: `http://127.0.0.1:${workerPort}/healthz` },
  ];
  try {
    // Loading an app's code takes longer than starting PostgreSQL and checking migrations: overlap them.
    for (const app of apps) {
      const child = spawnApp(app.name);
      children.push(child);
      child.on('exit', (code, signal) => {
        if (!stopping) {
          process.stderr.write(`${app.name} stopped unexpectedly (${signal ?? `exit code ${code}`})\n`);
          void shutdown(1);
        }
      });
    }
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      pg = await startEmbeddedPostgres({ dataDir: embeddedDataDir(config), port: config.embeddedPgPort, log: say });
      databaseUrl = pg.url;
      say(`PostgreSQL (embedded, data in ${embeddedDataDir(config)}) on port ${pg.port}`);
    }
    const [applied] = await Promise.all([
      migrate(databaseUrl),
      config.smtpIsEmbedded
        ? startMailDev({
            smtp: config.maildevSmtpPort,
            web: config.maildevWebPort,
            mailDirectory: resolve(projectPath(), config.dataDir, 'maildev'),
            deferStoredMails: true,
          }).then((m) => (maildev = m))
        : undefined,
    ]);
    if (applied.length) say(`applied migrations: ${applied.join(', ')}`);

    const go: LauncherGo = {
      go: true,
      env: { DATABASE_URL: databaseUrl, SMTP_URL: config.smtpUrl, WORKER_PORT: String(workerPort) },
    };
    for (const child of children) child.send(go);
    await Promise.all(apps.map((a, i) => waitForHealth(a.health, children[i], 60_000)));
    // Parsing thousands of stored mails competed with the apps' start-up for the CPU: only now.
    maildev?.loadStoredMails();

    say('');
    say(`Residence Online is running (ready in ${((performance.now() - started) / 1000).toFixed(1)} s):`);
    say(`  portal   ${config.portalBaseUrl}/`);
    say(`  office   ${config.officeBaseUrl}/`);
    if (maildev)
      say(`  mail     http://localhost:${config.maildevWebPort}/ (MailDev; SMTP on port ${config.maildevSmtpPort})`);
    else say(`  mail     sent through ${new URL(config.smtpUrl).host}`);
    say(`  database ${databaseUrl.replace(/:[^:@/]*@/, ':***@')}`);
    say('Press Ctrl-C to stop.');
  } catch (e) {
    process.stderr.write(`start failed: ${e instanceof Error ? e.message : String(e)}\n`);
    await shutdown(1);
  }
  await new Promise(() => undefined); // run until a signal
}
