import { readdirSync } from 'node:fs';
import { RunningMailDev, startMailDev } from '@app/mail';
import { freePort } from './free-port';

export interface CaughtMail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: { address: string; name: string }[];
  from: { address: string; name: string }[];
}

export interface MailCatcher extends RunningMailDev {
  smtpPort: number;
}

/** Each catcher's mail folder by its API address (the shared one's comes from global setup). */
const mailDirectories = new Map<string, string>();

/** A real MailDev (SMTP + REST), as `npm start` runs it, on free ports or the ones given. */
export async function startMailCatcher(
  mailDirectory: string,
  ports?: { smtp: number; web: number },
): Promise<MailCatcher> {
  const smtp = ports?.smtp ?? (await freePort());
  const web = ports?.web ?? (await freePort());
  const catcher = { smtpPort: smtp, ...(await startMailDev({ smtp, web, mailDirectory })) };
  mailDirectories.set(catcher.apiUrl, mailDirectory);
  return catcher;
}

const directoryOf = (apiUrl: string): string | undefined =>
  mailDirectories.get(apiUrl) ?? (apiUrl === process.env.TEST_MAILDEV_URL ? process.env.TEST_MAILDEV_DIR : undefined);

const acceptedIn = (dir: string): number => readdirSync(dir).filter((f) => f.endsWith('.eml')).length;

/**
 * Every mail MailDev holds, once it has stored every mail it has accepted. MailDev says "250 OK" to the
 * sender before it has parsed and stored the mail (its .eml file exists from the start), so a read
 * straight after a send could miss that mail; this waits for the two counts to agree instead.
 */
export async function allMails(apiUrl = process.env.TEST_MAILDEV_URL!): Promise<CaughtMail[]> {
  const dir = directoryOf(apiUrl);
  for (let i = 0; ; i++) {
    const res = await fetch(`${apiUrl}/email`);
    if (!res.ok) throw new Error(`MailDev answered ${res.status}`);
    const all = (await res.json()) as CaughtMail[];
    // A mail that never parses would keep the counts apart: after 5 s, answer with what is stored.
    if (!dir || all.length >= acceptedIn(dir) || i >= 500) return all;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Mails MailDev holds for `address` (read through its REST API, as any tool would). */
export async function mailsTo(address: string, apiUrl = process.env.TEST_MAILDEV_URL!): Promise<CaughtMail[]> {
  const all = await allMails(apiUrl);
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}
