import { mkdirSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';

interface MailDevServer {
  listen(cb: (err?: Error) => void): void;
  close(cb: (err?: Error) => void): void;
  loadMailsFromDirectory(): void;
}

export interface RunningMailDev {
  smtpUrl: string;
  apiUrl: string;
  /** Reads the mails kept in mailDirectory into MailDev's list (in the background); with deferStoredMails only. */
  loadStoredMails(): void;
  stop(): Promise<void>;
}

/**
 * Requires MailDev with a stand-in for jsdom, which its mail server loads at start (0.8 s of CPU, nearly
 * all of MailDev's) only to sanitize a mail's HTML when one mail is read through its API: the stand-in
 * loads the real jsdom then. `npm start` loads MailDev beside the three apps on two cores.
 */
function requireMailDevWithLazyJsdom(): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = () => require('maildev') as unknown;
  let path: string;
  try {
    path = require.resolve('jsdom', { paths: [dirname(require.resolve('maildev/lib/mailserver'))] });
  } catch {
    return load();
  }
  if (require.cache[path]) return load();
  const stub = new Module(path);
  stub.filename = path;
  stub.loaded = true;
  stub.exports = {
    JSDOM: function JSDOM(...args: unknown[]): unknown {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const real = require(path) as { JSDOM: new (...a: unknown[]) => unknown };
      return new real.JSDOM(...args);
    },
  };
  require.cache[path] = stub;
  try {
    return load();
  } finally {
    // Only MailDev keeps the stand-in; the first require after this loads the real module.
    if (require.cache[path] === stub) delete require.cache[path];
  }
}

/**
 * MailDev 2 (a development dependency): SMTP catcher with a web UI and REST API, bound to 127.0.0.1.
 * Used by `npm start` and by the tests.
 */
export async function startMailDev(opts: {
  smtp: number;
  web: number;
  mailDirectory: string;
  /**
   * Don't read the stored mails at start-up but when loadStoredMails() is called: MailDev parses every
   * kept mail again on each start, seconds of CPU for thousands of mails that `npm start` wants for the apps.
   */
  deferStoredMails?: boolean;
}): Promise<RunningMailDev> {
  const MailDev = requireMailDevWithLazyJsdom() as new (opts: Record<string, unknown>) => MailDevServer;
  // MailDev's constructor returns this singleton and loads the stored mails through it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const singleton = require('maildev/lib/mailserver') as MailDevServer;
  const loadMails = singleton.loadMailsFromDirectory;
  if (opts.deferStoredMails) singleton.loadMailsFromDirectory = () => undefined;
  mkdirSync(opts.mailDirectory, { recursive: true });
  // MailDev installs SIGTERM/SIGINT handlers that exit the process; shutting down is our job.
  const before = new Set([...process.listeners('SIGTERM'), ...process.listeners('SIGINT')]);
  const server = new MailDev({
    smtp: opts.smtp,
    web: opts.web,
    ip: '127.0.0.1',
    silent: true,
    mailDirectory: opts.mailDirectory,
  });
  singleton.loadMailsFromDirectory = loadMails;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const l of process.listeners(signal)) if (!before.has(l)) process.removeListener(signal, l);
  }
  await new Promise<void>((ok, fail) => server.listen((err) => (err ? fail(err) : ok())));
  return {
    smtpUrl: `smtp://127.0.0.1:${opts.smtp}`,
    apiUrl: `http://127.0.0.1:${opts.web}`,
    loadStoredMails: () => {
      if (opts.deferStoredMails) loadMails.call(singleton);
    },
    stop: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
