/**
 * What the HTTP benchmarks share: the built apps started as production processes on a bench database,
 * the floor (a bare Express 5 + Handlebars app rendering a page of the same size), autocannon runs with
 * p99 and non-2xx counts, and the RSS of a process as the kernel sees it (not only the JS heap).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { APP_NODE_FLAGS } from '@app/platform';
import { stop, untilOk } from './bench-processes';

const root = join(__dirname, '..', '..');
export const BENCH_SESSION_SECRET = 'bench-only-session-secret-0123456789abcdef';
/** 32 bytes, base64: production apps require a key for secrets at rest (seedOfficer seals with it). */
export const BENCH_SECRETS_ENCRYPTION_KEY = Buffer.from('bench-only-secrets-key-012345678').toString('base64');

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

/** The handle of a process the benchmarks started: RSS from /proc, stopped with SIGTERM (SIGKILL after 10 s). */
function running(name: string, url: string, child: ChildProcess): RunningApp {
  return { name, url, pid: child.pid!, rssMb: () => rssMb(child.pid!), stop: async () => void (await stop(child)) };
}

/**
 * Starts a built app (`npm run bench:build` compiled it to dist/) in production mode against `databaseUrl`.
 * `port` is the app's own port; extra settings go in `env`, options of node itself (`--cpu-prof`) in `nodeArgs`.
 */
export async function startApp(
  name: 'portal' | 'office' | 'worker',
  port: number,
  databaseUrl: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<RunningApp> {
  const portVar = { portal: 'PORTAL_PORT', office: 'OFFICE_PORT', worker: 'WORKER_PORT' }[name];
  const child = spawn(
    process.execPath,
    [...APP_NODE_FLAGS, ...nodeArgs, join(root, 'dist', 'apps', name, 'src', 'main.js')],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        SESSION_SECRET: BENCH_SESSION_SECRET,
        SECRETS_ENCRYPTION_KEY: BENCH_SECRETS_ENCRYPTION_KEY,
        DATABASE_URL: databaseUrl,
        SMTP_URL: 'smtp://127.0.0.1:1',
        LOG_LEVEL: 'warn',
        [portVar]: String(port),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await untilOk(`${url}/healthz`, child, 60_000, 100);
  return running(name, url, child);
}

export interface CannonResult {
  /** Mean requests a second over the run. */
  rps: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  bytesPerRequest: number;
}

/** A request of a mix; `anonymous` ones go without the connection's session cookie. */
export interface MixRequest {
  path: string;
  headers?: Record<string, string>;
  anonymous?: boolean;
}

/** One autocannon run; `seconds` defaults to BENCH_SECONDS (3). */
export async function cannon(
  url: string,
  opts: {
    connections?: number;
    seconds?: number;
    headers?: Record<string, string>;
    /** A mix: each connection sends these in turn, over and over (paths on `url`'s host). */
    requests?: MixRequest[];
    /**
     * Cookie headers of logged-in sessions, taken in turn (a connection keeps one through a pass of the
     * mix), as many browsers each with its own session: one session shared by every connection would
     * measure the contention on its row, not the page.
     */
    sessions?: string[];
  } = {},
): Promise<CannonResult> {
  const sessions = opts.sessions ?? [];
  let next = 0;
  const here = new URL(url);
  const requests = (opts.requests ?? (sessions.length ? [{ path: here.pathname + here.search }] : undefined))?.map(
    (r: MixRequest) => ({
      path: r.path,
      headers: { ...opts.headers, ...r.headers },
      setupRequest: (req: { headers: Record<string, string> }, context: { cookie?: string }) => {
        if (!sessions.length || r.anonymous) return req;
        context.cookie ??= sessions[next++ % sessions.length];
        return { ...req, headers: { ...req.headers, cookie: context.cookie } };
      },
    }),
  );
  const r = await autocannon({
    url,
    connections: opts.connections ?? 50,
    duration: opts.seconds ?? Number(process.env.BENCH_SECONDS ?? 3),
    headers: opts.headers,
    requests,
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
  await untilOk(`${url}/healthz`, child, 60_000, 100);
  return running('floor', url, child);
}

/** Bytes of one response body (to size the floor page like ours). */
export async function bodyBytes(url: string, headers: Record<string, string> = {}): Promise<number> {
  const r = await fetch(url, { headers, redirect: 'manual' });
  return Buffer.byteLength(await r.text());
}

/** The `name=value` pairs of a response's Set-Cookie headers, joined for a Cookie header. */
function cookiesOf(r: Response): string {
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/**
 * Logs in through the app's own form as a browser would (GET the form, read `_csrf`, POST it with the
 * cookies) and returns the Cookie header of the logged-in session, to load pages as that user. A
 * production app sets Secure cookies only behind its TLS proxy: start it with TRUST_PROXY=true and pass
 * `x-forwarded-proto: https` in `headers` (and with every request after).
 */
export async function formLogin(
  url: string,
  fields: Record<string, string>,
  opts: { formPath?: string; headers?: Record<string, string> } = {},
): Promise<string> {
  const formPath = opts.formPath ?? '/login';
  const form = await fetch(`${url}${formPath}`, { redirect: 'manual', headers: opts.headers });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error(`${formPath}: no _csrf field in the form`);
  const posted = await fetch(`${url}${formPath}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...opts.headers,
      cookie: cookiesOf(form),
      'content-type': 'application/x-www-form-urlencoded',
      origin: url,
      referer: `${url}${formPath}`,
    },
    body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
  });
  if (posted.status !== 303 && posted.status !== 302) throw new Error(`${formPath}: login answered ${posted.status}`);
  return cookiesOf(posted) || cookiesOf(form);
}
