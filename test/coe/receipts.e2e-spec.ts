import { DataSource } from 'typeorm';
import { CoeService } from '@app/coe';
import { MailDispatcher } from '@app/mail';
import { queryRows } from '@app/platform';
import { csrfOf, uniqueEmail, waitForMail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { loggedInAgent, makeCoe, makeCoes, makeUser } from '../support/factories';
import { Agent } from '../support/http';

const ISSUE = {
  holderNameEn: 'NGUYEN VAN AN',
  nationality: 'VNM',
  dateOfBirth: '2001-02-03',
  gender: 'male' as const,
  statusOfResidence: 'student',
  issuingOffice: '東京出入国在留管理局',
};

describe('e-COE mail, receipt ledger and public verification (SPEC §5)', () => {
  const t = usePortal();
  const t0 = new Date('2026-04-01T00:00:00Z');
  afterEach(() => t.portal.clock.set(t0));
  const coes = () => t.portal.app.get(CoeService);
  const db = () => t.portal.app.get(DataSource);

  async function recipient(label: string, lng = 'ja') {
    const user = await makeUser(t.portal, { lng, email: uniqueEmail(label) });
    const agent = await loggedInAgent(t.portal, user);
    return { email: user.email, loginId: user.loginId, agent, id: user.id };
  }

  it("mails the certificate with its PDF and receipt URL in the recipient's language, and records when", async () => {
    const r = await recipient('mail', 'vi');
    const coe = await coes().issue({ ...ISSUE, recipientUserId: r.loginId }, 'officer:test');
    expect(coe.validUntil.toISOString()).toBe('2026-07-01T00:00:00.000Z');
    t.portal.clock.set(new Date(t0.getTime() + 60_000));
    await t.portal.app.get(MailDispatcher).flush();
    const mails = await waitForMail(r.email);
    const mail = mails[0] as unknown as {
      html: string;
      text: string;
      attachments?: { contentType: string; generatedFileName?: string; fileName?: string }[];
    };
    expect(mail.html).toContain('lang="vi"');
    expect(mail.text).toContain(`/receipts?coe=${coe.number}`);
    expect(mail.attachments?.map((a) => a.contentType)).toEqual(['application/pdf']);
    const [row] = await queryRows<{ first_mailed_at: Date }>(db(), `SELECT first_mailed_at FROM coe WHERE id = $1`, [
      coe.id,
    ]);
    expect(row.first_mailed_at.toISOString()).toBe('2026-04-01T00:01:00.000Z');
  });

  it('registers receipt through the confirmation page, once', async () => {
    const r = await recipient('receipt');
    const coe = await coes().issue({ ...ISSUE, recipientUserId: r.loginId }, 'officer:test');
    await t.portal.app.get(MailDispatcher).flush();
    const list = await r.agent.get(`/receipts?coe=${coe.number}&lng=ja`);
    expect(list.status).toBe(200);
    for (const col of ['在留資格認定証明書番号', '受領登録依頼日時', '受領登録日時', '受領登録状況'])
      expect(list.text).toContain(col);
    expect(list.text).toMatch(/\d{4}年\d{2}月\d{2}日 \d{2}時\d{2}分 現在/);
    expect(list.text).toContain('aria-current="true" id="highlighted" data-number="' + coe.number + '"');
    expect(list.text).toContain('未登録');

    const confirm = await r.agent.get(`/receipts/${coe.number}`);
    expect(confirm.status).toBe(200);
    t.portal.clock.set(new Date(t0.getTime() + 2 * 3600_000));
    const done = await r.agent.post(`/receipts/${coe.number}`, { _csrf: csrfOf(confirm.text) });
    expect(done.status).toBe(200);
    expect(done.text).toContain('2026年4月1日 11:00');
    t.portal.clock.set(new Date(t0.getTime() + 3 * 3600_000 - 1));
    await r.agent.post(`/receipts/${coe.number}`, { _csrf: csrfOf(confirm.text) });
    const [row] = await queryRows<{ received_at: Date }>(db(), `SELECT received_at FROM coe WHERE id = $1`, [coe.id]);
    expect(row.received_at.toISOString()).toBe('2026-04-01T02:00:00.000Z');
    expect((await r.agent.get(`/receipts?coe=${coe.number}`)).text).toContain('受領登録済');
  });

  it("answers 404 for someone else's certificate, in the list and at its URL", async () => {
    const owner = await recipient('owner');
    const other = await recipient('other');
    const coe = await makeCoe(t.portal, owner, ISSUE);
    expect((await other.agent.get(`/receipts/${coe.number}`)).status).toBe(404);
    const page = await other.agent.get('/receipts?lng=en');
    expect(page.text).not.toContain(coe.number);
    const token = csrfOf(page.text.includes('_csrf') ? page.text : (await other.agent.get('/logout')).text);
    expect((await other.agent.post(`/receipts/${coe.number}`, { _csrf: token })).status).toBe(404);
    const [row] = await queryRows<{ received_at: Date | null }>(db(), `SELECT received_at FROM coe WHERE id = $1`, [
      coe.id,
    ]);
    expect(row.received_at).toBeNull();
  });

  describe('paging', () => {
    let batch = 0;
    /** Bulk numbers in the real pattern: a year per batch, the row's hex index with 0/1 written W/X. */
    const bulkNumber = (year: number, g: number) =>
      `E${year}-${g.toString(16).toUpperCase().padStart(8, 'Z').replace(/0/g, 'W').replace(/1/g, 'X')}`;
    async function withCertificates(n: number) {
      const r = await recipient(`paging-${n}`);
      const year = 2100 + ++batch;
      // Row g is issued g minutes before t0: g = 1 is the newest.
      await makeCoes(t.portal, r, n, {
        prefix: `E${year}`,
        issuedAt: new Date(t0.getTime() - 60_000),
        spacingMs: 60_000,
      });
      return { ...r, year };
    }
    const rowsOn = (html: string) => (html.match(/<tr data-number=|<tr class="highlight"/g) ?? []).length;

    it.each([
      [0, 20, 1, 0],
      [1, 20, 1, 1],
      [20, 20, 1, 20],
      [21, 20, 2, 1],
    ])('%d certificates, %d per page: %d page(s), %d on the last', async (n, size, pages, last) => {
      const r = await withCertificates(n);
      const first = await r.agent.get(`/receipts?size=${size}`);
      expect(rowsOn(first.text)).toBe(Math.min(n, size));
      const end = await r.agent.get(`/receipts?size=${size}&page=${pages}`);
      expect(rowsOn(end.text)).toBe(last);
      if (pages > 1) expect(first.text).toContain(`/receipts?page=${pages}&amp;size=${size}`);
      if (n === 0) expect(first.text).toContain('<p>受領登録の対象となる');
    });

    it('pages 100,000 certificates: first, last, any page, and a highlighted one on its page', async () => {
      const r = await withCertificates(100_000);
      const first = await r.agent.get('/receipts');
      expect(rowsOn(first.text)).toBe(20);
      expect(first.text).toContain(`data-number="${bulkNumber(r.year, 1)}"`); // newest (g = 1)
      const last = await r.agent.get('/receipts?page=5000');
      expect(rowsOn(last.text)).toBe(20);
      expect(last.text).toContain(`data-number="${bulkNumber(r.year, 100_000)}"`);
      const mid = await r.agent.get('/receipts?page=700&size=100');
      expect(rowsOn(mid.text)).toBe(100);
      expect(mid.text).toContain(`data-number="${bulkNumber(r.year, 69_901)}"`); // first row of page 700
      // g = 54321 is at position 54321: page 2717 of 20.
      const wanted = bulkNumber(r.year, 54_321);
      const hl = await r.agent.get(`/receipts?coe=${wanted}`);
      expect(hl.text).toContain(`id="highlighted" data-number="${wanted}"`);
      expect(hl.text).toContain('<span aria-current="page">2717</span>');
      // Both ends of the list (the position is counted from whichever end is nearer).
      for (const [g, size, page] of [
        [1, 20, 1],
        [4_321, 20, 217],
        [100_000, 20, 5000],
        [99_950, 100, 1000],
      ]) {
        const n = bulkNumber(r.year, g);
        const res = await r.agent.get(`/receipts?coe=${n}&size=${size}`);
        expect(res.text).toContain(`id="highlighted" data-number="${n}"`);
        expect(res.text).toContain(`<span aria-current="page">${page}</span>`);
      }
    }, 60_000);

    it('keeps the order newest first, ties by id, when certificates share an issue time or come out of order', async () => {
      const r = await recipient('paging-ties');
      // A series tied within itself, a newer one, then single issues older than that (same instant: the
      // tie goes by id, whatever order they were issued in; one older after them; one in between).
      await makeCoes(t.portal, r, 4, { issuedAt: new Date(t0.getTime() - 1_000) });
      await makeCoes(t.portal, r, 3, { issuedAt: new Date(t0.getTime() + 2_000), spacingMs: 500 });
      for (const at of [t0, t0, t0, new Date(t0.getTime() - 5_000), t0, new Date(t0.getTime() + 1_000)])
        await makeCoe(t.portal, r, { issuedAt: at });
      const expected = (
        await queryRows<{ number: string }>(
          db(),
          `SELECT number FROM coe WHERE recipient_id = $1 ORDER BY issued_at DESC, id DESC`,
          [r.id],
        )
      ).map((c) => c.number);
      const numbersOn = (html: string) => [...html.matchAll(/data-number="([^"]+)"/g)].map((m) => m[1]);
      const shown: string[] = [];
      for (const page of [1, 2]) shown.push(...numbersOn((await r.agent.get(`/receipts?size=10&page=${page}`)).text));
      expect(shown).toEqual(expected);
      const pageOf = async (n: string, size: number) =>
        /<span aria-current="page">(\d+)<\/span>/.exec(
          (await r.agent.get(`/receipts?coe=${n}&size=${size}`)).text,
        )?.[1];
      for (const [i, n] of expected.entries()) expect(await pageOf(n, 10)).toBe(String(Math.floor(i / 10) + 1));
      expect(numbersOn((await r.agent.get('/receipts?size=20')).text)).toEqual(expected);
      // Past the end shows the last page; a page asked for wins over the mailed link's.
      expect(numbersOn((await r.agent.get('/receipts?size=10&page=999999999')).text)).toEqual(expected.slice(10));
      expect(numbersOn((await r.agent.get(`/receipts?size=10&page=1&coe=${expected[12]}`)).text)).toEqual(
        expected.slice(0, 10),
      );
    });

    it('offers the page sizes 10, 20, 50 and 100, defaulting to 20, and ignores others', async () => {
      const r = await withCertificates(120);
      const page = await r.agent.get('/receipts');
      for (const s of [10, 20, 50, 100]) expect(page.text).toContain(`<option value="${s}"`);
      expect(page.text).toContain('<option value="20" selected>');
      expect(rowsOn((await r.agent.get('/receipts?size=7')).text)).toBe(20);
      expect(rowsOn((await r.agent.get('/receipts?size=50')).text)).toBe(50);
    });
  });

  describe('public verification', () => {
    it('says valid, expired or revoked, with no personal data beyond initials', async () => {
      const r = await recipient('verify');
      const coe = await makeCoe(t.portal, r, ISSUE);
      const visitor = new Agent(t.portal.url);
      const valid = await visitor.get(`/verify/${coe.verificationCode}?lng=en`);
      expect(valid.status).toBe(200);
      expect(valid.text).toContain('This Certificate of Eligibility is valid.');
      expect(valid.text).toContain(coe.number);
      expect(valid.text).toContain('N. V. A.');
      expect(valid.text).toContain('Student (<span lang="ja">留学</span>)');
      // A Vietnamese reader reads the status in Vietnamese, with the legal name the certificate prints.
      const vi = await visitor.get(`/verify/${coe.verificationCode}?lng=vi`);
      expect(vi.text).toContain('Du học (<span lang="ja">留学</span>)');
      for (const secret of ['NGUYEN', '2001', 'VNM', r.loginId, r.email]) expect(valid.text).not.toContain(secret);

      t.portal.clock.set(coe.validUntil);
      expect((await visitor.get(`/verify/${coe.verificationCode}?lng=en`)).text).toContain('has expired');
      t.portal.clock.set(t0);
      await coes().revoke(coe.number, 'issued in error', 'officer:test');
      expect((await visitor.get(`/verify/${coe.verificationCode}?lng=en`)).text).toContain('has been revoked');
      expect((await r.agent.get(`/receipts?coe=${coe.number}`)).text).toContain('取消済');
    });

    it('answers 404 for an unknown or malformed code', async () => {
      const visitor = new Agent(t.portal.url);
      expect((await visitor.get(`/verify/${'x'.repeat(43)}`)).status).toBe(404);
      expect((await visitor.get('/verify/short')).status).toBe(404);
    });
  });
});
