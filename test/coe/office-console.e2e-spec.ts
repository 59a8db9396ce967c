import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { UsersService } from '@app/accounts';
import { CoeRepository } from '@app/coe';
import { MailDispatcher } from '@app/mail';
import { queryRows } from '@app/platform';
import { csrfOf, submit, uniqueEmail, waitForMail } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, startWorker, testConfig, usePortal } from '../support/apps';
import { loggedInAgent, loggedInOfficer, makeOfficer, makeUser } from '../support/factories';
import { Agent } from '../support/http';

describe('office console: issue, ledger, CSV, history, revoke (SPEC §5, §6)', () => {
  const t = usePortal();
  let office: Running<NestExpressApplication>;
  let officer: Agent;
  let recipient: { loginId: string; email: string; agent: Agent };

  beforeAll(async () => {
    office = await startOffice(testConfig(t.dbUrl, FAST_ACCOUNTS));
    officer = await loggedInOfficer(office, await makeOfficer(office, { label: 'coe' }));
    const user = await makeUser(t.portal, { lng: 'en', email: uniqueEmail('console') });
    recipient = { loginId: user.loginId, email: user.email, agent: await loggedInAgent(t.portal, user) };
  });
  afterAll(() => office?.close());

  const issue = (fields: Record<string, string>) =>
    submit(officer, '/coes/new', '/coes', {
      recipientUserId: recipient.loginId,
      holderNameEn: 'KIM MINJI',
      nationality: 'KOR',
      dateOfBirth: '2000-12-24',
      gender: 'female',
      statusOfResidence: 'engineer_specialist_in_humanities_international_services',
      issuingOffice: 'Tokyo Regional Immigration Services Bureau',
      ...fields,
    });

  it('shows the logged-in officer in the header', async () => {
    expect((await officer.get('/coes')).text).toMatch(/class="site-nav__user">SATO KEIKO \(COE\./);
  });

  it('requires an officer: applicants and visitors are sent to the office login', async () => {
    expect((await new Agent(office.url).get('/coes')).headers.get('location')).toBe('/login?returnTo=%2Fcoes');
  });

  it('marks bad fields next to them and keeps the input', async () => {
    const res = await issue({ dateOfBirth: '2000-02-31', nationality: 'ZZZ' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="dateOfBirth-error"');
    expect(res.text).toContain('id="nationality-error"');
    expect(res.text).toContain('value="KIM MINJI"');
    const unknown = await issue({ recipientUserId: 'NOSUCHUSER' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('id="recipientUserId-error"');
  });

  it('issues in the console; the recipient gets the mail and registers receipt; the officer sees it all', async () => {
    const res = await issue({});
    expect(res.status).toBe(303);
    const number = /\/coes\/(E\d{4}-[A-Z0-9]{8})\?issued=1/.exec(res.headers.get('location')!)![1];
    await office.app.get(MailDispatcher).flush();
    const mails = await waitForMail(recipient.email);
    expect(mails[0].text).toContain(number);
    expect(mails[0].text).toMatch(/\d{2}:\d{2}(（日本時間）| \(Japan time, JST\))\n/);

    const page = await recipient.agent.get(`/receipts?coe=${number}`);
    await recipient.agent.post(`/receipts/${number}`, {
      _csrf: csrfOf((await recipient.agent.get(`/receipts/${number}`)).text),
    });
    expect(page.status).toBe(200);

    const show = await officer.get(`/coes/${number}?lng=en`);
    expect(show.status).toBe(200);
    expect(show.text).toContain('Certificate sent');
    expect(show.text).toContain('<p class="hint" id="times-note">All times are Japan time (JST).</p>');
    expect(show.text).toMatch(/<td>Sent<\/td>/);
    expect(show.text).toContain('<dd>Republic of Korea (KOR)</dd>');
    expect(show.text).toContain(
      'Engineer/Specialist in Humanities/International Services (<span lang="ja">技術・人文知識・国際業務</span>)',
    );
    const [row] = await queryRows<{ received_at: Date | null; first_mailed_at: Date | null }>(
      office.app.get(DataSource),
      `SELECT received_at, first_mailed_at FROM coe WHERE number = $1`,
      [number],
    );
    expect(row.received_at).not.toBeNull();
    expect(row.first_mailed_at).not.toBeNull();

    const registered = await officer.get(`/coes?status=registered&q=${recipient.loginId}`);
    expect(registered.text).toContain(`data-number="${number}"`);
    const unregistered = await officer.get(`/coes?status=unregistered&q=${recipient.loginId}`);
    expect(unregistered.text).not.toContain(`data-number="${number}"`);
  });

  it('searches by number, user ID and name, and exports the filtered set as CSV', async () => {
    const a = (await issue({ holderNameEn: 'PARK JISOO' })).headers.get('location')!.split('/')[2].split('?')[0];
    await issue({ holderNameEn: 'LEE HANA' });
    expect((await officer.get(`/coes?q=${a}`)).text.match(/<tr data-number=/g)).toHaveLength(1);
    expect((await officer.get('/coes?q=park')).text).toContain(`data-number="${a}"`);
    // A page past the last shows the last (here the only) page, as every numbered list does.
    const rowsOf = (html: string) => html.match(/<tr data-number="[^"]+"/g);
    const byUser = rowsOf((await officer.get(`/coes?q=${recipient.loginId}`)).text);
    expect(byUser!.length).toBeGreaterThan(1);
    expect(rowsOf((await officer.get(`/coes?q=${recipient.loginId}&page=99`)).text)).toEqual(byUser);
    // LIKE wildcards typed into the search are taken literally (no holder name starts with "%" or "_").
    for (const q of ['%25', '_', 'P%25'])
      expect((await officer.get(`/coes?q=${q}`)).text).not.toContain('<tr data-number=');
    const csv = await officer.get(`/coes.csv?q=${recipient.loginId}&status=unregistered`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      '在留資格認定証明書番号,受取人の利用者ID,氏名（英字）,在留資格,交付日時（日本時間）,受領登録依頼日時（日本時間）,受領登録日時（日本時間）,取消日時（日本時間）,再送回数',
    );
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(1)) expect(line.split(',')[4]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const english = (await officer.get(`/coes.csv?q=${recipient.loginId}&status=unregistered&header=en`)).text;
    expect(
      english.replace(/^\uFEFF/, '').startsWith('number,recipientUserId,holderNameEn,statusOfResidence,issuedAtJst,'),
    ).toBe(true);
    const ledger = await officer.get('/coes?lng=en');
    expect(ledger.text).toContain('add ?header=en to the URL');
    expect(csv.text).toContain('PARK JISOO');
  });

  it('revokes with a reason; the ledger, the API view and the verification page show it', async () => {
    const number = (await issue({ holderNameEn: 'CHOI YUNA' })).headers.get('location')!.split('/')[2].split('?')[0];
    const page = await officer.get(`/coes/${number}?lng=en`);
    const empty = await officer.post(`/coes/${number}/revoke`, { _csrf: csrfOf(page.text), reason: ' ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('id="reason-error"');
    expect(empty.text).toContain('Enter the reason for revoking.');
    const typed = 'ISSUED TO THE WRONG PERSON '.repeat(20).trim();
    const long = await officer.post(`/coes/${number}/revoke`, { _csrf: csrfOf(page.text), reason: typed });
    expect(long.status).toBe(422);
    expect(long.text).toContain('This entry is too long.');
    expect(long.text).toContain(`value="${typed}"`);
    expect((await officer.get(`/coes?status=revoked&q=${number}`)).text).not.toContain(`data-number="${number}"`);
    const done = await officer.post(`/coes/${number}/revoke`, {
      _csrf: csrfOf(page.text),
      reason: 'Issued to the wrong person',
    });
    expect(done.status).toBe(303);
    expect((await officer.get(`/coes/${number}?lng=en`)).text).toContain('Issued to the wrong person');
    expect((await officer.get('/coes?status=revoked')).text).toContain(`data-number="${number}"`);
    const [{ verification_code }] = await queryRows<{ verification_code: string }>(
      office.app.get(DataSource),
      `SELECT verification_code FROM coe WHERE number = $1`,
      [number],
    );
    expect((await new Agent(t.portal.url).get(`/verify/${verification_code}?lng=en`)).text).toContain(
      'has been revoked',
    );
    const events = await queryRows<{ event: string; actor: string }>(
      office.app.get(DataSource),
      `SELECT event, actor FROM audit_log WHERE details->>'number' = $1 ORDER BY id`,
      [number],
    );
    // Each look at the certificate's page is audited too (issue 10): before revoking and after.
    expect(events.map((e) => e.event)).toEqual(['coe.issued', 'coe.viewed', 'coe.revoked', 'coe.viewed']);
    expect(events[2].actor).toMatch(/^officer:COE\./);
  });

  it('shows an expired certificate that was never received as expired, like the portal does', async () => {
    const user = await office.app.get(UsersService).findByLoginId(recipient.loginId);
    const coe = await office.app.get(CoeRepository).insert({
      number: 'E2025-EXP2RED9',
      verificationCode: 'x'.repeat(43),
      recipientId: user!.id,
      holderNameEn: 'OLD CERTIFICATE',
      nationality: 'KOR',
      dateOfBirth: '2000-12-24',
      gender: 'female',
      statusOfResidence: 'student',
      issuingOffice: 'Tokyo',
      issuedAt: new Date('2025-12-01T00:00:00Z'),
      validUntil: new Date('2026-03-01T00:00:00Z'),
      issuedBy: 'officer:test',
      createdAt: new Date('2025-12-01T00:00:00Z'),
    });
    const ledger = await officer.get(`/coes?q=${coe.number}&lng=en`);
    expect(ledger.text).toMatch(
      new RegExp(`data-number="${coe.number}"[\\s\\S]*?<td class="state state--expired">Expired</td>`),
    );
    // Still awaiting receipt: the "not registered" filter lists it.
    expect((await officer.get(`/coes?status=unregistered&q=${coe.number}`)).text).toContain(
      `data-number="${coe.number}"`,
    );
  });

  it('names countries and statuses from the reviewed tables, in the officer’s language', async () => {
    const hant = (await officer.get('/coes/new?lng=zh-Hant')).text;
    expect(hant).toContain('<option value="TWN">台灣 (TWN)</option>');
    expect(hant).toContain('<option value="KOR">韓國 (KOR)</option>');
    expect(hant).toContain('>留學（留学）</option>');
    expect(hant).not.toMatch(/台湾省|台灣省|Province of China/);
    const ko = (await officer.get('/coes/new?lng=ko')).text;
    expect(ko).toContain('<option value="TWN">대만 (TWN)</option>');
    expect(ko).not.toContain('중화민국');
    expect((await officer.get('/coes/new?lng=en')).text).toContain('<option value="TWN">Taiwan (TWN)</option>');
  });
});

describe('office dashboard and worker metrics', () => {
  const t = usePortal();
  let office: Running<NestExpressApplication>;
  beforeAll(async () => {
    office = await startOffice(testConfig(t.dbUrl, FAST_ACCOUNTS));
  });
  afterAll(() => office?.close());

  it('counts unregistered certificates by week of issue', async () => {
    const agent = await loggedInOfficer(office, await makeOfficer(office, { label: 'dash' }));
    const { loginId } = await makeUser(t.portal, { email: uniqueEmail('dash') });
    const issue = async () =>
      submit(agent, '/coes/new', '/coes', {
        recipientUserId: loginId,
        holderNameEn: 'A B',
        nationality: 'USA',
        dateOfBirth: '1990-01-01',
        gender: 'male',
        statusOfResidence: 'professor',
        issuingOffice: 'Tokyo',
      });
    await issue();
    await issue();
    const page = await agent.get('/coes/dashboard?lng=en');
    expect(page.status).toBe(200);
    // 2026-04-01 (a Wednesday) is in the week from Monday 2026-03-30.
    expect(page.text).toMatch(/<td><time datetime="2026-03-30">2026-03-30<\/time><\/td><td>2<\/td><td>0<\/td>/);
  });

  it('exposes Prometheus metrics on the worker', async () => {
    const worker = await startWorker(testConfig(t.dbUrl, FAST_ACCOUNTS));
    try {
      const res = await fetch(`${worker.url}/metrics`);
      const text = await res.text();
      expect(res.status).toBe(200);
      for (const name of ['ro_reminders_queued_total', 'ro_mails_sent_total', 'ro_outbox_oldest_due_seconds']) {
        expect(text).toContain(name);
      }
    } finally {
      await worker.close();
    }
  });
});
