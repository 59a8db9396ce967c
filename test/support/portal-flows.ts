import type { NestExpressApplication } from '@nestjs/platform-express';
import { MailDispatcher } from '@app/mail';
import { csrfOf, GOOD_PASSWORD, linkIn, submit, waitForMail } from './accounts';
import type { Running } from './apps';
import { Agent } from './http';

export const CATEGORY_FIELDS: Record<string, Record<string, string>> = {
  foreign_national: {},
  institution_staff: { organizationName: 'SAKURA LANGUAGE SCHOOL' },
  lawyer: { qualification: 'administrative_scrivener', associationName: 'Tokyo', registrationNumber: '12-3456' },
  legal_representative: { relationship: 'parent' },
};

export const flushMail = (portal: Running<NestExpressApplication>) => portal.app.get(MailDispatcher).flush();

/** Terms → e-mail → the mailed link; returns the agent on the details form. */
export async function startRegistration(portal: Running<NestExpressApplication>, email: string, lng = 'ja') {
  const agent = new Agent(portal.url);
  const terms = await agent.get(`/register?lng=${lng}`);
  expect((await agent.post('/register', { _csrf: csrfOf(terms.text), agree: '1' })).status).toBe(303);
  const sent = await submit(agent, '/register/email', '/register/email', { email, emailConfirm: email });
  expect(sent.status).toBe(303);
  expect(sent.headers.get('location')).toBe('/register/sent');
  await flushMail(portal);
  const [mail] = await waitForMail(email);
  return { agent, mail, link: linkIn(mail, '/register/verify?token=') };
}

/** The whole registration as a new user does it; returns the issued user ID and the agent. */
export async function registerUser(
  portal: Running<NestExpressApplication>,
  email: string,
  opts: { lng?: string; category?: string; nameEn?: string; password?: string } = {},
) {
  const category = opts.category ?? 'foreign_national';
  const { agent, link } = await startRegistration(portal, email, opts.lng);
  expect((await agent.get(link)).headers.get('location')).toBe('/register/details');
  const password = opts.password ?? GOOD_PASSWORD;
  const details = await submit(agent, '/register/details', '/register/details', {
    category,
    nameEn: opts.nameEn ?? 'TANAKA TARO',
    phone: '09012345678',
    password,
    passwordConfirm: password,
    ...CATEGORY_FIELDS[category],
  });
  expect(details.status).toBe(303);
  const confirm = await agent.get('/register/confirm');
  const shownId = /<dd>([23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10})<\/dd>/.exec(confirm.text)?.[1];
  expect(shownId).toBeDefined();
  const done = await agent.post('/register/confirm', { _csrf: csrfOf(confirm.text) });
  expect(done.headers.get('location')).toBe('/register/complete');
  const complete = await agent.get('/register/complete');
  const loginId = /<output id="issued-user-id"[^>]*>([^<]+)<\/output>/.exec(complete.text)?.[1];
  expect(loginId).toBe(shownId);
  await flushMail(portal);
  return { loginId: loginId!, agent, password, complete };
}

/** Logs in through the form; returns the response (303 on success). */
export async function login(agent: Agent, userId: string, password: string, extra: Record<string, string> = {}) {
  return submit(agent, '/login', '/login', { userId, password, ...extra });
}

/** Asks for an e-mail change on my page (with the right current password); returns the "sent" page. */
export const askEmailChange = (agent: Agent, next: string) =>
  submit(agent, '/mypage/email', '/mypage/email', { currentPassword: GOOD_PASSWORD, email: next, emailConfirm: next });

/** Asks for an e-mail change on my page (with the right current password); returns the mailed link. */
export async function emailChangeLink(portal: Running<NestExpressApplication>, agent: Agent, next: string) {
  await askEmailChange(agent, next);
  await flushMail(portal);
  return linkIn((await waitForMail(next))[0], '/mypage/email/verify?token=');
}
