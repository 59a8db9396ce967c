import type { NestExpressApplication } from '@nestjs/platform-express';
import { generateSync } from 'otplib';
import { DataSource } from 'typeorm';
import { OfficersService, TOTP_PERIOD_S } from '@app/officers';
import { queryRows } from '@app/platform';
import { submit } from '../support/accounts';
import type { Running } from '../support/apps';
import { Agent } from '../support/http';

/** The password of every test officer once past the first login (chosen there, or set by makeOfficer). */
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

/** A complete later login (password, then the code); returns the final response. */
export async function officerLogin(
  office: Running<NestExpressApplication>,
  agent: Agent,
  officer: { loginId: string; secret: string },
  extra: Record<string, string> = {},
) {
  const step1 = await passwordStep(agent, officer.loginId, OFFICER_PASSWORD, extra);
  expect(step1.headers.get('location')).toBe('/totp');
  await awaitFreshCode(office, officer.loginId);
  return totpStep(agent, codeAt(officer.secret, office.clock.now()));
}

/**
 * A code is good once, so an officer logging in again within the same 30 seconds waits for the next
 * code, as a person would: the clock moves on to the next unused step (only when the current one is used).
 */
export async function awaitFreshCode(office: Running<NestExpressApplication>, loginId: string): Promise<void> {
  const [row] = await queryRows<{ step: number | null }>(
    office.app.get(DataSource),
    `SELECT totp_last_step AS step FROM officer WHERE upper(login_id) = upper($1)`,
    [loginId],
  );
  const period = TOTP_PERIOD_S * 1000;
  const now = Math.floor(office.clock.now().getTime() / period);
  if (row?.step != null && now <= row.step) office.clock.advance((row.step - now + 1) * period);
}
