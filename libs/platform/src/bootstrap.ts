import { DynamicModule, INestApplicationContext, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, configOrExit } from './config/config';
import { LAUNCHER_GATE, LauncherGo } from './launcher-gate';
import { loggableMessage } from './db/query-logger';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export const logLevels = (config: AppConfig): LogLevel[] => LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1);

/** Closes the app on SIGTERM/SIGINT so connections and timers end cleanly. */
export function closeOnSignals(app: INestApplicationContext, name: string): void {
  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    new Logger(name).log(`${signal} received, shutting down`);
    app.close().then(
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
