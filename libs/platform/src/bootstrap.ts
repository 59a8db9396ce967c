import type { Server } from 'node:http';
import { DynamicModule, INestApplication, INestApplicationContext, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, configOrExit } from './config/config';
import { LAUNCHER_GATE, LauncherGo } from './launcher-gate';
import { loggableMessage } from './db/query-logger';
import { stopKeepAlive } from './web/drain';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export const logLevels = (config: AppConfig): LogLevel[] => LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1);

/** How long a stopping web app lets the requests it is serving finish before it cuts their connections. */
export const DRAIN_MS = 10_000;

/**
 * Stops an app within a bound, letting the requests it is serving finish: a web app first stops taking
 * connections, closes the idle ones and answers every request from then on, those in flight included,
 * with `Connection: close` (drainTracking), so keep-alive clients let go; it waits for the
 * requests in flight at most `drainMs`, cuts what is left, and only then closes its modules (the
 * database pool among them). Nest's own close waits for every open connection, so a client holding one
 * open, or a request whose body never ends (Node cuts it only after 5 minutes), held a restart up.
 */
export async function closeGracefully(app: INestApplicationContext, drainMs = DRAIN_MS): Promise<void> {
  const server =
    'getHttpServer' in app ? ((app as INestApplication).getHttpServer() as Server | undefined) : undefined;
  if (server?.listening) {
    stopKeepAlive((app as INestApplication).getHttpAdapter().getInstance() as object);
    const closed = new Promise<void>((done) => server.close(() => done()));
    server.closeIdleConnections();
    // A keep-alive connection whose request ends meanwhile is idle then: close it as it becomes so.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const cut = setTimeout(() => server.closeAllConnections(), drainMs);
    try {
      await closed;
    } finally {
      clearInterval(idle);
      clearTimeout(cut);
    }
  }
  await app.close();
}

/** Closes the app on SIGTERM/SIGINT so connections and timers end cleanly. */
export function closeOnSignals(app: INestApplicationContext, name: string): void {
  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    new Logger(name).log(`${signal} received, shutting down`);
    closeGracefully(app).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => close('SIGTERM'));
  process.once('SIGINT', () => close('SIGINT'));
  // Started by `npm start`: leave when the launcher goes, even if it was killed outright.
  if (process.send) process.once('disconnect', () => close('launcher gone'));
}

function launcherGo(): Promise<void> {
  if (process.env[LAUNCHER_GATE] !== '1' || !process.send) return Promise.resolve();
  return new Promise((ok) => {
    const onMessage = (m: unknown) => {
      if (typeof m !== 'object' || m === null || (m as LauncherGo).go !== true) return;
      process.off('message', onMessage);
      process.off('disconnect', gone);
      Object.assign(process.env, (m as LauncherGo).env);
      ok();
    };
    const gone = () => process.exit(1);
    process.on('message', onMessage);
    process.once('disconnect', gone);
  });
}

/**
 * Runs an app's start-up, turning any failure into one line and exit code 1. Under `npm start` the
 * app's code is already loaded (imported by its main.ts) while it waits here for the launcher.
 */
export function main(name: string, start: () => Promise<void>): void {
  launcherGo()
    .then(start)
    .catch((e: unknown) => {
      process.stderr.write(`${name} failed to start: ${loggableMessage(e)}\n`);
      process.exit(1);
    });
}

/** Starts one of the HTML apps (portal, office): validated config, web pipeline, signals, listen. */
export function startWebApp(opts: {
  name: string;
  module: (config: AppConfig) => DynamicModule;
  configure: (app: NestExpressApplication) => unknown;
  port: (config: AppConfig) => number;
  baseUrl: (config: AppConfig) => string;
}): void {
  main(opts.name, async () => {
    const config = configOrExit();
    const app = await NestFactory.create<NestExpressApplication>(opts.module(config), {
      bodyParser: false,
      logger: logLevels(config),
    });
    opts.configure(app);
    closeOnSignals(app, opts.name);
    await app.listen(opts.port(config));
    process.stdout.write(`${opts.name} listening on ${opts.baseUrl(config)}\n`);
  });
}
