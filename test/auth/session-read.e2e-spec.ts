import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { UsersRepository } from '@app/accounts';
import { OfficersRepository } from '@app/officers';
import { FAST_ACCOUNTS, Running, startOffice, testConfig } from '../support/apps';
import { loggedInOfficer, makeOfficer } from '../support/factories';
import { useIdleSessions } from '../support/idle-sessions';
import { createTestDatabase } from '../support/test-postgres';

/**
 * Issue 11, target 4: a logged-in page reads its login's credentials version with the session row, in
 * one query, and the rules that version enforces still hold (the busy-session specs cover the races).
 */
describe('the session read carries the credentials check (portal)', () => {
  const { t, loggedIn } = useIdleSessions('session-read');
  afterEach(() => jest.restoreAllMocks());

  it('asks the account table nothing apart on a logged-in page, and still ends a login whose credentials changed', async () => {
    const agent = await loggedIn();
    const apart = jest.spyOn(UsersRepository.prototype, 'credentialsVersionOf');
    for (const path of ['/', '/mypage', '/receipts'])
      expect(`${path} → ${(await agent.get(path)).status}`).toBe(`${path} → 200`);
    const userId = await idOf(agent.cookie('ro.sid'));
    await t.portal.app
      .get(DataSource)
      .query('UPDATE app_user SET credentials_version = credentials_version + 1 WHERE id = $1', [userId]);
    expect((await agent.get('/mypage')).headers.get('location')).toBe('/login?returnTo=%2Fmypage');
    expect(apart).not.toHaveBeenCalled();
  });

  it('ends a login whose account is gone', async () => {
    const agent = await loggedIn();
    // The login now names an account that does not exist, as a deleted one would.
    await t.portal.app
      .get(DataSource)
      .query('UPDATE session SET sess = jsonb_set(sess::jsonb, $2, $3)::json WHERE sid = $1', [
        sidOf(agent.cookie('ro.sid')),
        '{auth,userId}',
        JSON.stringify('00000000-0000-4000-8000-000000000000'),
      ]);
    expect((await agent.get('/mypage')).headers.get('location')).toBe('/login?returnTo=%2Fmypage');
  });

  const sidOf = (cookie: string | undefined) => decodeURIComponent(cookie!).replace(/^s:/, '').split('.')[0];
  const idOf = async (cookie: string | undefined): Promise<string> => {
    const [row] = await t.portal.app
      .get(DataSource)
      .query<{ id: string }[]>(`SELECT sess -> 'auth' ->> 'userId' AS id FROM session WHERE sid = $1`, [sidOf(cookie)]);
    return row.id;
  };
});

describe('the session read carries the credentials check (office)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let office: Running<NestExpressApplication>;
  beforeAll(async () => {
    db = await createTestDatabase();
    office = await startOffice(testConfig(db.url, FAST_ACCOUNTS));
  });
  afterAll(async () => {
    await office?.close();
    await db?.drop();
  });
  afterEach(() => jest.restoreAllMocks());

  it('asks the officer table nothing apart, and ends the login of an officer disabled meanwhile', async () => {
    const officer = await makeOfficer(office, { label: 'sessionread' });
    const agent = await loggedInOfficer(office, officer);
    const apart = jest.spyOn(OfficersRepository.prototype, 'credentialsVersionOf');
    expect((await agent.get('/')).status).toBe(200);
    expect((await agent.get('/')).status).toBe(200);
    await office.app.get(DataSource).query('UPDATE officer SET disabled_at = now() WHERE id = $1', [officer.id]);
    expect((await agent.get('/')).headers.get('location')).toBe('/login?returnTo=%2F');
    expect(apart).not.toHaveBeenCalled();
  });
});
