import { DataSource } from 'typeorm';
import { UsersRepository } from '@app/accounts';
import { useIdleSessions } from '../support/idle-sessions';

/**
 * Issue 11, target 4: a logged-in page reads its login's credentials version with the session row, in
 * one query, and the rules that version enforces still hold (the busy-session specs cover the races;
 * test/office/officer-sessions.e2e-spec.ts does the same for the office).
 */
describe('the session read carries the credentials check', () => {
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
