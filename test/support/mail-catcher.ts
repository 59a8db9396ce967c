import { mkdirSync } from 'node:fs';
import { freePort } from './free-port';

interface MailDevServer {
  listen(cb: (err?: Error) => void): void;
  close(cb: (err?: Error) => void): void;
}

export interface CaughtMail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: { address: string; name: string }[];
  from: { address: string; name: string }[];
}

export interface MailCatcher {
  smtpPort: number;
  smtpUrl: string;
  apiUrl: string;
  stop(): Promise<void>;
}

/** A real MailDev (SMTP + REST), as `npm start` runs it, on free ports or the ones given. */
export async function startMailCatcher(
  mailDirectory: string,
  ports?: { smtp: number; web: number },
): Promise<MailCatcher> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const MailDev = require('maildev') as new (opts: Record<string, unknown>) => MailDevServer;
  const smtp = ports?.smtp ?? (await freePort());
  const web = ports?.web ?? (await freePort());
  mkdirSync(mailDirectory, { recursive: true });
  // MailDev installs SIGTERM/SIGINT handlers that exit the process; shutting down is our job.
  const before = new Set([...process.listeners('SIGTERM'), ...process.listeners('SIGINT')]);
  const server = new MailDev({ smtp, web, ip: '127.0.0.1', silent: true, mailDirectory });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const l of process.listeners(signal)) if (!before.has(l)) process.removeListener(signal, l);
  }
  await new Promise<void>((ok, fail) => server.listen((err) => (err ? fail(err) : ok())));
  return {
    smtpPort: smtp,
    smtpUrl: `smtp://127.0.0.1:${smtp}`,
    apiUrl: `http://127.0.0.1:${web}`,
    stop: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Mails MailDev holds for `address` (read through its REST API, as any tool would). */
export async function mailsTo(address: string, apiUrl = process.env.TEST_MAILDEV_URL): Promise<CaughtMail[]> {
  const res = await fetch(`${apiUrl}/email`);
  if (!res.ok) throw new Error(`MailDev answered ${res.status}`);
  const all = (await res.json()) as CaughtMail[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}
