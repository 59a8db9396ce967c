import { Agent } from './http';
import { CaughtMail, mailsTo } from './mail-catcher';

/** The CSRF token of the form on the page just fetched. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1];
}

/** Waits for the n-th mail to `address` (the dispatcher runs in the test, so this is quick). */
export async function waitForMail(address: string, count = 1, apiUrl?: string): Promise<CaughtMail[]> {
  for (let i = 0; i < 600; i++) {
    const mails = await mailsTo(address, apiUrl);
    if (mails.length >= count) return mails;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no mail #${count} to ${address}`);
}

export const linkIn = (mail: CaughtMail, path: string): string => {
  const m = new RegExp(`https?://[^\\s"<]+${path.replace('?', '\\?')}[^\\s"<]*`).exec(mail.text);
  if (!m) throw new Error(`no ${path} link in mail: ${mail.text}`);
  const url = new URL(m[0]);
  return url.pathname + url.search;
};

export const uniqueEmail = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}@example.test`;

export const GOOD_PASSWORD = 'Kawa$emi7Ritsu';

/** POSTs a form, taking the CSRF token from `page` (a GET of the form's page) first. */
export async function submit(agent: Agent, pagePath: string, action: string, form: Record<string, string>) {
  const page = await agent.get(pagePath);
  return agent.post(action, { _csrf: csrfOf(page.text), ...form });
}
