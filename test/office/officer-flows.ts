import type { NestExpressApplication } from '@nestjs/platform-express';
import { generateSync } from 'otplib';
import { OfficersService } from '@app/officers';
import { csrfOf, submit } from '../support/accounts';
import type { Running } from '../support/apps';
import { Agent } from '../support/http';

/** The password every test officer chooses at first login. */
export const OFFICER_PASSWORD = 'Hikari#2026Desk';

/** The TOTP code at the office's (test) clock time, computed here with otplib as an authenticator app would. */
export const codeAt = (secret: string, at: Date): string =>
  generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });

export const uniqueOfficerId = (label: string) => `${label}.${Math.random().toString(36).slice(2, 8)}`.toUpperCase();

/** A new officer straight from the service (as `officer:create` makes it); returns the one-time password. */
export async function createOfficer(office: Running<NestExpressApplication>, label: string, name = 'SATO KEIKO') {
  const loginId = uniqueOfficerId(label);
  const { password } = await office.app.get(OfficersService).create(loginId, name);
  return { loginId, name, oneTimePassword: password };
}

/** Step 1 of the login: ID and password (303 to the next step on success). */
export const passwordStep = (agent: Agent, loginId: string, password: string, extra: Record<string, string> = {}) =>
  submit(agent, '/login', '/login', { loginId, password, ...extra });

/** The TOTP page's form, posted with `code`. */
export const totpStep = (agent: Agent, code: string) => submit(agent, '/totp', '/totp', { code });

/** The secret shown in text on the enrolment page. */
export const secretOn = (html: string): string => {
  const m = /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(html);
  if (!m) throw new Error('no TOTP secret on the page');
  return m[1].replace(/ /g, '');
};

/** A first login all the way: one-time password → own password → TOTP enrolment. Returns the secret. */
export async function firstLogin(office: Running<NestExpressApplication>, agent: Agent, loginId: string, otp: string) {
  const step1 = await passwordStep(agent, loginId, otp);
  expect(step1.headers.get('location')).toBe('/password/new');
  const changed = await submit(agent, '/password/new', '/password/new', {
    password: OFFICER_PASSWORD,
    passwordConfirm: OFFICER_PASSWORD,
  });
  expect(changed.headers.get('location')).toBe('/totp/setup');
  const setup = await agent.get('/totp/setup');
  const secret = secretOn(setup.text);
  const done = await agent.post('/totp/setup', {
    _csrf: csrfOf(setup.text),
    code: codeAt(secret, office.clock.now()),
  });
  expect(done.status).toBe(303);
  return { secret, done };
}

/** An officer who has finished the first login; returns what a later login needs. */
export async function enrolledOfficer(office: Running<NestExpressApplication>, label: string) {
  const officer = await createOfficer(office, label);
  const { secret } = await firstLogin(office, new Agent(office.url), officer.loginId, officer.oneTimePassword);
  return { ...officer, secret };
}

/** A complete later login (password, then the code); returns the final response. */
export async function officerLogin(
  office: Running<NestExpressApplication>,
  agent: Agent,
  officer: { loginId: string; secret: string },
  extra: Record<string, string> = {},
) {
  const step1 = await passwordStep(agent, officer.loginId, OFFICER_PASSWORD, extra);
  expect(step1.headers.get('location')).toBe('/totp');
  return totpStep(agent, codeAt(officer.secret, office.clock.now()));
}
