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

/** A real MailDev (SMTP + REST), as `npm start` runs it, on free ports or the ones given. */
export async function startMailCatcher(
  mailDirectory: string,
  ports?: { smtp: number; web: number },
): Promise<MailCatcher> {
  const smtp = ports?.smtp ?? (await freePort());
  const web = ports?.web ?? (await freePort());
  return { smtpPort: smtp, ...(await startMailDev({ smtp, web, mailDirectory })) };
}

/** Mails MailDev holds for `address` (read through its REST API, as any tool would). */
export async function mailsTo(address: string, apiUrl = process.env.TEST_MAILDEV_URL): Promise<CaughtMail[]> {
  const res = await fetch(`${apiUrl}/email`);
  if (!res.ok) throw new Error(`MailDev answered ${res.status}`);
  const all = (await res.json()) as CaughtMail[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}
