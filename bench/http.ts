/**
 * What the HTTP benchmarks share: the built apps started as production processes on a bench database,
 * the floor (a bare Express 5 + Handlebars app rendering a page of the same size), autocannon runs with
 * p99 and non-2xx counts, and the RSS of a process as the kernel sees it (not only the JS heap).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';

const root = join(__dirname, '..', '..');
export const BENCH_SESSION_SECRET = 'bench-only-session-secret-0123456789abcdef';

export interface RunningApp {
  name: string;
  url: string;
  pid: number;
  rssMb(): number;
  stop(): Promise<void>;
}

/** Resident set size of a process in MB, from /proc (what the machine pays, heap or not). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url}: /healthz did not answer within ${timeoutMs} ms`);
}

/**
 * Starts a built app (`npm run bench:build` compiled it to dist/) in production mode against `databaseUrl`.
 * `port` is the app's own port; extra settings go in `env`.
 */
export async function startApp(
  name: 'portal' | 'office' | 'worker',
  port: number,
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<RunningApp> {
  const portVar = { portal: 'PORTAL_PORT', office: 'OFFICE_PORT', worker: 'WORKER_PORT' }[name];
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', name, 'src', 'main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SESSION_SECRET: BENCH_SESSION_SECRET,
      DATABASE_URL: databaseUrl,
      SMTP_URL: 'smtp://127.0.0.1:1',
      LOG_LEVEL: 'warn',
      [portVar]: String(port),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  return {
    name,
    url,
    pid: child.pid!,
    rssMb: () => rssMb(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

export interface CannonResult {
  /** Mean requests a second over the run. */
  rps: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  bytesPerRequest: number;
}

/** One autocannon run; `seconds` defaults to BENCH_SECONDS (5). */
export async function cannon(
  url: string,
  opts: { connections?: number; seconds?: number; headers?: Record<string, string> } = {},
): Promise<CannonResult> {
  const r = await autocannon({
    url,
    connections: opts.connections ?? 50,
    duration: opts.seconds ?? Number(process.env.BENCH_SECONDS ?? 5),
    headers: opts.headers,
  });
  return {
    rps: r.requests.average,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    bytesPerRequest: r.requests.total ? r.throughput.total / r.requests.total : 0,
  };
}

/**
 * The floor of every page benchmark (bench/floor-app.ts) in a process of its own, as our apps are:
 * `GET /page?bytes=N` renders a page of about N bytes.
 */
export async function startFloorApp(): Promise<RunningApp> {
  const child = spawn(process.execPath, [join(__dirname, 'floor-app.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    child.once('exit', (c) => reject(new Error(`floor app exited with ${c}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  return {
    name: 'floor',
    url,
    pid: child.pid!,
    rssMb: () => rssMb(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Bytes of one response body (to size the floor page like ours). */
export async function bodyBytes(url: string, headers: Record<string, string> = {}): Promise<number> {
  const r = await fetch(url, { headers, redirect: 'manual' });
  return Buffer.byteLength(await r.text());
}
