import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { CATEGORIES } from '@app/accounts';
import { COE_NUMBER_PATTERN } from '@app/coe';
import { queryRows } from '@app/platform';
import { FAST_ACCOUNTS, Running, startOffice, testConfig, usePortal } from './apps';
import { loggedInAgent, loggedInOfficer, makeCoe, makeCoes, makeOfficer, makeUser } from './factories';

describe('test factories', () => {
  const t = usePortal();
  let office: Running<NestExpressApplication>;
  const db = () => t.portal.app.get(DataSource);
  const counts = async (userId: string) =>
    (
      await queryRows<{ kept: number; rows: string }>(
        db(),
        `SELECT coalesce((SELECT certificates FROM coe_recipient WHERE recipient_id = $1), 0) AS kept,
                (SELECT count(*) FROM coe WHERE recipient_id = $1) AS rows`,
        [userId],
      )
    )[0];

  beforeAll(async () => {
    office = await startOffice(testConfig(t.dbUrl, FAST_ACCOUNTS));
  });
  afterAll(() => office?.close());

  it.each(CATEGORIES)('makes a %s who can log in and whose details page is complete', async (category) => {
    const user = await makeUser(t.portal, { category, lng: 'en' });
    const page = await (await loggedInAgent(t.portal, user)).get('/mypage/profile');
    expect(page.status).toBe(200);
    expect(page.text).toContain(user.loginId);
    expect(page.text).toContain(user.email);
    expect(page.text).toContain('TANAKA TARO');
    const [row] = await queryRows<Record<string, string | null>>(
      db(),
      `SELECT organization_name, qualification, relationship FROM app_user WHERE id = $1`,
      [user.id],
    );
    expect(row).toEqual({
      organization_name: category === 'institution_staff' ? expect.any(String) : null,
      qualification: category === 'lawyer' ? expect.any(String) : null,
      relationship: category === 'legal_representative' ? expect.any(String) : null,
    });
  });

  it('takes overrides, including another password', async () => {
    const user = await makeUser(t.portal, { nameEn: 'LE VAN TAM', password: 'Another#Pass2026' });
    expect(user).toMatchObject({ nameEn: 'LE VAN TAM', password: 'Another#Pass2026' });
    expect((await (await loggedInAgent(t.portal, user)).get('/mypage')).status).toBe(200);
  });

  it('makes an officer who logs in with password and TOTP code at once', async () => {
    const officer = await makeOfficer(office, { label: 'factory', name: 'ITO MIKI' });
    expect(officer.loginId).toMatch(/^FACTORY\./);
    const home = await (await loggedInOfficer(office, officer)).get('/?lng=ja');
    expect(home.text).toContain(`ITO MIKI（職員ID：${officer.loginId}）`);
  });

  it('keeps the certificate count right, one certificate or many', async () => {
    const user = await makeUser(t.portal);
    const one = await makeCoe(t.portal, user);
    expect(one.number).toMatch(COE_NUMBER_PATTERN);
    await makeCoes(t.portal, user, 250);
    await makeCoes(t.portal, user, 3, { prefix: 'E2150' });
    expect(await counts(user.id)).toEqual({ kept: 254, rows: '254' });
    const numbered = await queryRows<{ number: string }>(
      db(),
      `SELECT number FROM coe WHERE recipient_id = $1 AND number LIKE 'E2150-%' ORDER BY number`,
      [user.id],
    );
    expect(numbered.map((r) => r.number)).toEqual(['E2150-ZZZZZZZ2', 'E2150-ZZZZZZZ3', 'E2150-ZZZZZZZX']);
  });

  it('spaces bulk certificates back in time from the newest, and sets the reminder state by the policy', async () => {
    const user = await makeUser(t.portal);
    const issuedAt = new Date('2026-03-01T00:00:00Z');
    await makeCoes(t.portal, user, 3, { prefix: 'E2151', issuedAt, spacingMs: 60_000, firstMailedAt: issuedAt });
    const rows = await queryRows<{ number: string; issued_at: Date; next_reminder_at: Date }>(
      db(),
      `SELECT number, issued_at, next_reminder_at FROM coe WHERE number LIKE 'E2151-%' ORDER BY issued_at DESC`,
    );
    expect(rows.map((r) => r.number)).toEqual(['E2151-ZZZZZZZX', 'E2151-ZZZZZZZ2', 'E2151-ZZZZZZZ3']);
    expect(rows.map((r) => r.issued_at.toISOString())).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-02-28T23:59:00.000Z',
      '2026-02-28T23:58:00.000Z',
    ]);
    expect(rows.every((r) => r.next_reminder_at.toISOString() === '2026-03-08T00:00:00.000Z')).toBe(true);
    const mailed = await makeCoe(t.portal, user, { issuedAt, firstMailedAt: issuedAt, receivedAt: issuedAt });
    expect(mailed.nextReminderAt).toBeNull(); // received: no reminders
  });
});
