/** Child processes and ports for the benchmarks that start the apps (start, load). */
import { ChildProcess } from 'node:child_process';
import { freePort } from '@app/platform';

export { freePort };

/**
 * The environment for `npm start` on a data folder and ports of its own (never a developer's .data),
 * as the start benchmark and the npm-start test run it.
 */
export async function ownNpmStartEnv(dataDir: string): Promise<NodeJS.ProcessEnv> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    PORTAL_PORT: String(await freePort()),
    OFFICE_PORT: String(await freePort()),
    WORKER_PORT: String(await freePort()),
    MAILDEV_SMTP_PORT: String(await freePort()),
    MAILDEV_WEB_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
}

/** Polls `url` every `pollMs` until it answers 2xx; fails if `child` exits first. */
export async function untilOk(url: string, child: ChildProcess, timeoutMs = 90_000, pollMs = 20): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`${url} not healthy after ${timeoutMs} ms`);
}

/** SIGTERM, and SIGKILL after `graceMs`; whether it had to be killed. */
export const stop = (child: ChildProcess, graceMs = 10_000): Promise<boolean> =>
  new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok(false);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      ok(signal === 'SIGKILL');
    });
    child.kill('SIGTERM');
  });
