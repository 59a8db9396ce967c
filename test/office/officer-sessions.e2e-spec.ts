import type { NestExpressApplication } from '@nestjs/platform-express';
import bcrypt from 'bcrypt';
import { DataSource } from 'typeorm';
import { OfficersRepository, OfficersService } from '@app/officers';
import { queryRows } from '@app/platform';
import { csrfOf } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, testConfig } from '../support/apps';
import { loggedInOfficer, makeOfficer, TestOfficer } from '../support/factories';
import { whileBusy } from '../support/hammer';
import { Agent } from '../support/http';
import { createTestDatabase } from '../support/test-postgres';
import { codeAt, OFFICER_PASSWORD, passwordStep } from './officer-flows';

const ROUNDS = 5;
const ROUNDS_TIMEOUT = 120_000;
const TOTP_STEP_MS = 30_000;

/** Issue 10 items 1, 7 and 8 for the office: busy sessions end, legacy hashes upgrade, a code works once. */
describe('officer sessions stay ended; TOTP codes are good once', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let office: Running<NestExpressApplication>;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Test officers' hashes have cost 4 (factories): below this, so their logins upgrade them.
    office = await startOffice(testConfig(db.url, { ...FAST_ACCOUNTS, BCRYPT_COST: '5' }));
  });
  afterAll(async () => {
    await office?.close();
    await db?.drop();
  });

  const officerRow = async (id: string) =>
    (
      await queryRows<{ failed_logins: number; locked_until: Date | null; password_hash: string }>(
        office.app.get(DataSource),
        `SELECT failed_logins, locked_until, password_hash FROM officer WHERE id = $1`,
        [id],
      )
    )[0];
  const expectLoggedOut = async (agent: Agent) =>
    expect((await agent.get('/')).headers.get('location')).toBe('/login?returnTo=%2F');

  /**
   * An officer with a busy stolen session, `change` made while it is busy (after `prepare`, made
   * before), and the session checked after.
   */
  async function busyRounds<P>(
    label: string,
    change: (officer: TestOfficer, prepared: P) => Promise<unknown>,
    prepare: (officer: TestOfficer) => Promise<P> = () => Promise.resolve(undefined as P),
  ) {
    for (let round = 0; round < ROUNDS; round++) {
      const officer = await makeOfficer(office, { label: `${label}${round}` });
      const stolen = await loggedInOfficer(office, officer);
      const prepared = await prepare(officer);
      const { requests } = await whileBusy(stolen, '/', office.clock, () => change(officer, prepared));
      expect(requests).toBeGreaterThan(20);
      await expectLoggedOut(stolen);
    }
  }

  it(
    `ends a busy session on a password change (${ROUNDS} rounds)`,
    () =>
      busyRounds('pwchange', async (officer) => {
        const changed = await office.app.get(OfficersService).changeOwnPassword(officer, 'Another#2026Desk', null);
        expect(changed).toBe(true);
      }),
    ROUNDS_TIMEOUT,
  );

  it(
    `ends a busy session when the account locks (${ROUNDS} rounds)`,
    () =>
      busyRounds<{ guesser: Agent; page: { text: string } }>(
        'lock',
        async (officer, { guesser, page }) => {
          const last = await guesser.post('/login', {
            _csrf: csrfOf(page.text),
            loginId: officer.loginId,
            password: 'no-5',
          });
          expect(last.status).toBe(401);
          expect((await officerRow(officer.id)).locked_until).not.toBeNull();
        },
        async (officer) => {
          const guesser = new Agent(office.url);
          for (let i = 0; i < 4; i++)
            expect((await passwordStep(guesser, officer.loginId, `no-${i}`)).status).toBe(401);
          return { guesser, page: await guesser.get('/login') };
        },
      ),
    ROUNDS_TIMEOUT,
  );

  it(
    `ends a busy session when the officer is disabled, and refuses their logins (${ROUNDS} rounds)`,
    () =>
      busyRounds('disable', async (officer) => {
        expect(await office.app.get(OfficersService).disable(officer.loginId, 'test')).toBe(officer.loginId);
        expect((await passwordStep(new Agent(office.url), officer.loginId, OFFICER_PASSWORD)).status).toBe(401);
      }),
    ROUNDS_TIMEOUT,
  );

  // Issue 11, target 4: the credentials version comes with the session row, in the same query.
  it('asks the officer table nothing apart on a console page, and ends the login of an officer disabled meanwhile', async () => {
    const officer = await makeOfficer(office, { label: 'sessionread' });
    const agent = await loggedInOfficer(office, officer);
    const apart = jest.spyOn(OfficersRepository.prototype, 'credentialsVersionOf');
    try {
      expect((await agent.get('/')).status).toBe(200);
      expect((await agent.get('/')).status).toBe(200);
      await office.app.get(DataSource).query('UPDATE officer SET disabled_at = now() WHERE id = $1', [officer.id]);
      await expectLoggedOut(agent);
      expect(apart).not.toHaveBeenCalled();
    } finally {
      apart.mockRestore();
    }
  });

  it('ends a half-way login of an officer disabled before the code is given', async () => {
    const officer = await makeOfficer(office, { label: 'halfdisable' });
    const agent = new Agent(office.url);
    expect((await passwordStep(agent, officer.loginId, OFFICER_PASSWORD)).headers.get('location')).toBe('/totp');
    await office.app.get(OfficersService).disable(officer.loginId, 'test');
    expect((await agent.get('/totp')).headers.get('location')).toBe('/login');
  });

  it('upgrades a legacy (cost 4) hash once the password is proven; the same password still works', async () => {
    const officer = await makeOfficer(office, { label: 'rehash' });
    expect(bcrypt.getRounds((await officerRow(officer.id)).password_hash)).toBe(4);
    await loggedInOfficer(office, officer);
    const { password_hash } = await officerRow(officer.id);
    expect(bcrypt.getRounds(password_hash)).toBe(5);
    expect(await bcrypt.compare(OFFICER_PASSWORD, password_hash)).toBe(true);
    await loggedInOfficer(office, officer);
  });

  it('refuses a code used before, and counts it as a failure', async () => {
    const officer = await makeOfficer(office, { label: 'replay' });
    const code = codeAt(officer.secret, office.clock.now());
    const first = new Agent(office.url);
    await passwordStep(first, officer.loginId, OFFICER_PASSWORD);
    expect((await submitCode(first, code)).status).toBe(303);
    office.clock.advance(TOTP_STEP_MS); // still inside the window that accepts one step of drift
    const second = new Agent(office.url);
    await passwordStep(second, officer.loginId, OFFICER_PASSWORD);
    expect((await submitCode(second, code)).status).toBe(401);
    expect((await officerRow(officer.id)).failed_logins).toBe(1);
    // An older code than the one used is no better.
    const older = codeAt(officer.secret, new Date(office.clock.now().getTime() - TOTP_STEP_MS));
    expect((await submitCode(second, older)).status).toBe(401);
    expect((await officerRow(officer.id)).failed_logins).toBe(2);
    // The next code is fine, and a complete login resets the count.
    expect((await submitCode(second, codeAt(officer.secret, office.clock.now()))).status).toBe(303);
    expect((await officerRow(officer.id)).failed_logins).toBe(0);
  });

  it(
    `lets only one of two concurrent submissions of one code log in (${ROUNDS} rounds)`,
    async () => {
      const officer = await makeOfficer(office, { label: 'race' });
      for (let round = 0; round < ROUNDS; round++) {
        office.clock.advance(TOTP_STEP_MS);
        const agents = [new Agent(office.url), new Agent(office.url)];
        const pages: { text: string }[] = [];
        for (const a of agents) {
          expect((await passwordStep(a, officer.loginId, OFFICER_PASSWORD)).headers.get('location')).toBe('/totp');
          pages.push(await a.get('/totp'));
        }
        const code = codeAt(officer.secret, office.clock.now());
        const answers = await Promise.all(
          agents.map((a, i) => a.post('/totp', { _csrf: csrfOf(pages[i].text), code })),
        );
        expect(answers.map((r) => r.status).sort()).toEqual([303, 401]);
        const winner = agents[answers.findIndex((r) => r.status === 303)];
        expect((await winner.get('/')).status).toBe(200);
      }
    },
    ROUNDS_TIMEOUT,
  );
});

/** The TOTP form posted with `code`, CSRF token from the page. */
async function submitCode(agent: Agent, code: string) {
  const page = await agent.get('/totp');
  return agent.post('/totp', { _csrf: csrfOf(page.text), code });
}
