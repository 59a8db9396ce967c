import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { stopEmbeddedPostgres } from '@app/platform';
import { ownNpmStartEnv, untilOk } from '../../bench/bench-processes';
import { ROOT, runCli } from '../support/run-cli';

jest.setTimeout(180_000);

const postgresProcessesFor = (dataDir: string): string[] =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('postgres') && l.includes(dataDir));

describe('npm start (the development launcher)', () => {
  const dataDir = join('.data', 'test', `start-${process.pid}`);
  const absData = join(ROOT, dataDir);
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    rmSync(absData, { recursive: true, force: true });
    env = await ownNpmStartEnv(dataDir);
  });
  const children: ChildProcess[] = [];
  afterAll(async () => {
    // Whatever a failed test left running goes, then its data.
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await stopEmbeddedPostgres(join(absData, 'pg'));
    rmSync(absData, { recursive: true, force: true });
  });

  async function start(
    extra: NodeJS.ProcessEnv = {},
  ): Promise<{ child: ChildProcess; output: () => string; seconds: number }> {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'scripts/run.js'), 'cli', 'start'], {
      cwd: ROOT,
      env: { ...env, ...extra },
    });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await Promise.all(
        [
          `http://127.0.0.1:${env.PORTAL_PORT}/healthz`,
          `http://127.0.0.1:${env.OFFICE_PORT}/healthz`,
          `http://127.0.0.1:${env.MAILDEV_WEB_PORT}/email`,
        ].map((u) => untilOk(u, child, 90_000, 50)),
      );
      while (!out.includes('Press Ctrl-C')) await new Promise((r) => setTimeout(r, 50));
    } catch (e) {
      child.kill('SIGKILL');
      throw new Error(`${(e as Error).message}\n${out}`);
    }
    return { child, output: () => out, seconds: (performance.now() - t0) / 1000 };
  }

  async function stop(child: ChildProcess): Promise<number | null> {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    return exited;
  }

  it('starts everything on a fresh data folder, restarts on the same data, and leaves nothing behind', async () => {
    const first = await start();
    process.stdout.write(`npm start, first run: healthy in ${first.seconds.toFixed(1)} s\n`);
    expect(first.output()).toContain(`http://localhost:${env.PORTAL_PORT}/`);
    expect(first.output()).toContain(`http://localhost:${env.OFFICE_PORT}/`);
    expect(first.output()).toContain(`http://localhost:${env.MAILDEV_WEB_PORT}/`);

    // The CLI joins the running embedded database.
    const added = await runCli(['announcement:add', '--title-ja', '起動テストのお知らせ', '--body-ja', '本文'], env);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const top = await (await fetch(`http://127.0.0.1:${env.PORTAL_PORT}/`)).text();
    expect(top).toContain('起動テストのお知らせ');

    expect(await stop(first.child)).toBe(0);
    expect(postgresProcessesFor(absData)).toEqual([]);

    // The restart with WORKER_PORT=0 (any free port, README): the launcher picks one and asks it for health.
    const second = await start({ WORKER_PORT: '0' });
    expect(second.output()).toMatch(/worker running \(health on http:\/\/127\.0\.0\.1:[1-9]\d*\/healthz\)/);
    process.stdout.write(`npm start, second run: healthy in ${second.seconds.toFixed(1)} s\n`);
    const again = await (await fetch(`http://127.0.0.1:${env.PORTAL_PORT}/`)).text();
    expect(again).toContain('起動テストのお知らせ');
    expect(await stop(second.child)).toBe(0);
    expect(postgresProcessesFor(absData)).toEqual([]);
  });

  it('runs a CLI command on its own, starting and stopping the embedded database itself', async () => {
    const r = await runCli(['db:migrate'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('up to date');
    expect(postgresProcessesFor(absData)).toEqual([]);
  });
});
