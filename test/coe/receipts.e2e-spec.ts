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

  it('registers receipt through the confirmation page, once, and comes back to the list with a message', async () => {
    const r = await recipient('receipt');
    const coe = await coes().issue({ ...ISSUE, recipientUserId: r.loginId }, 'officer:test');
    t.portal.clock.set(new Date(t0.getTime() + 57 * 60_000)); // mailed 09:57 Japan time
    await t.portal.app.get(MailDispatcher).flush();
    const list = await r.agent.get(`/receipts?coe=${coe.number}&lng=ja`);
    expect(list.status).toBe(200);
    for (const col of ['在留資格認定証明書番号', '受領登録依頼日時', '受領登録日時', '受領登録状況'])
      expect(list.text).toContain(col);
    expect(list.text).toMatch(/\d{4}年\d{2}月\d{2}日 \d{2}時\d{2}分 現在/);
    expect(list.text).toContain('aria-current="true" id="highlighted" data-number="' + coe.number + '"');
    // The row as the manual writes it: requested to the hour, 未登録 in both the time and the state.
    const row = (html: string) =>
      /<tr[^>]*data-number="[^"]+">([\s\S]*?)<\/tr>/.exec(html)![1].replace(/<[^>]+>/g, '|');
    const cells = (html: string) =>
      row(html)
        .split('|')
        .map((c) => c.trim())
        .filter((c) => c && c !== '—');
    expect(cells(list.text)).toEqual([coe.number, '2026年4月1日9時', '未登録', '未登録', '受領登録する']);
    expect(list.text).toContain('<time datetime="2026-04-01T09:57:00+09:00">2026年4月1日9時</time>');
    expect(list.text).not.toContain('id="receipt-done"');
    // The dialog (with script) asks in the manual's words; its form posts to the row it is opened for.
    const dialog = /<dialog id="receipt-dialog"[\s\S]*?<\/dialog>/.exec(list.text)![0];
    expect(dialog).toContain('以下の在留資格認定証明書について、受領登録します。よろしいですか？');
    expect(dialog).toMatch(/>閉じる<\/button>[\s\S]*>受領登録する<\/button>/);
    expect(list.text).toContain(`href="/receipts/${coe.number}?size=20" data-receipt-confirm="${coe.number}"`);

    // Without script: the confirmation page, the same words.
    const confirm = await r.agent.get(`/receipts/${coe.number}?size=20`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('以下の在留資格認定証明書について、受領登録します。よろしいですか？');
    expect(confirm.text).toMatch(/>閉じる<\/a>[\s\S]*>受領登録する<\/button>/);
    t.portal.clock.set(new Date(t0.getTime() + 2 * 3600_000));
    const done = await r.agent.post(`/receipts/${coe.number}`, { _csrf: csrfOf(confirm.text), size: '50' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/receipts?size=50&coe=${coe.number}&registered=1`);
    const back = await r.agent.get(done.headers.get('location')!);
    expect(back.text).toContain(
      `<p class="notice" role="status" id="receipt-done">在留資格認定証明書 ${coe.number} の受領を登録しました。</p>`,
    );
    expect(cells(back.text)).toEqual([coe.number, '2026年4月1日9時', '2026年4月1日11時', '受領登録済']);
    expect(back.text).toContain('<option value="50" selected>50件ずつ表示</option>');

    t.portal.clock.set(new Date(t0.getTime() + 3 * 3600_000 - 1));
    expect((await r.agent.post(`/receipts/${coe.number}`, { _csrf: csrfOf(confirm.text) })).status).toBe(303);
    const [stored] = await queryRows<{ received_at: Date }>(db(), `SELECT received_at FROM coe WHERE id = $1`, [
      coe.id,
    ]);
    expect(stored.received_at.toISOString()).toBe('2026-04-01T02:00:00.000Z');
  });

  it('says nothing of success where the row does not show it, whatever the link says', async () => {
    const r = await recipient('no-claim');
    const coe = await makeCoe(t.portal, r, ISSUE);
    const page = await r.agent.get(`/receipts?coe=${coe.number}&registered=1`);
    expect(page.text).toContain('data-number="' + coe.number + '"');
    expect(page.text).not.toContain('id="receipt-done"');
  });

  it('refuses a certificate past its validity, through its URL and a crafted POST, and says why', async () => {
    const r = await recipient('expired', 'en');
    // Valid for one more minute (a session does not last the 3 months of a real certificate).
    const coe = await makeCoe(t.portal, r, { ...ISSUE, validUntil: new Date(t0.getTime() + 60_000) });
    const list = await r.agent.get('/receipts');
    expect(list.text).toContain(`data-receipt-confirm="${coe.number}"`);
    t.portal.clock.set(coe.validUntil);
    const page = await r.agent.get(`/receipts/${coe.number}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('has passed its validity period; its receipt can no longer be registered.');
    expect(page.text).not.toContain('id="register-receipt"');
    // The token from a page opened while it was still valid: the service refuses it all the same.
    const post = await r.agent.post(`/receipts/${coe.number}`, { _csrf: csrfOf(list.text) });
    expect(post.status).toBe(409);
    expect(post.text).toContain('has passed its validity period; its receipt can no longer be registered.');
    const [stored] = await queryRows<{ received_at: Date | null }>(db(), `SELECT received_at FROM coe WHERE id = $1`, [
      coe.id,
    ]);
    expect(stored.received_at).toBeNull();
    const audits = await queryRows<{ n: number }>(
      db(),
      `SELECT count(*)::int AS n FROM audit_log WHERE event = 'coe.received' AND details->>'number' = $1`,
      [coe.number],
    );
    expect(audits[0].n).toBe(0);
    const ledger = (await r.agent.get('/receipts?lng=ja')).text;
    expect(ledger).toContain('有効期限切れ');
    expect(ledger).toContain('<p class="hint" id="times-note">時刻はすべて日本時間です。</p>');
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

    it('offers the page sizes 10, 20, 50 and 100 under 表示数変更, defaulting to 20, and ignores others', async () => {
      const r = await withCertificates(120);
      const page = await r.agent.get('/receipts?lng=ja');
      expect(page.text).toContain('<label for="size">表示数変更</label>');
      expect([...page.text.matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]])).toEqual(
        [
          ['10', '10件ずつ表示'],
          ['20', '20件ずつ表示'],
          ['50', '50件ずつ表示'],
          ['100', '100件ずつ表示'],
        ],
      );
      // Submits by itself with the script (an external file); the button stays for a browser without it.
      expect(page.text).toContain('<script src="/assets/js/receipt-ledger.js" defer></script>');
      expect(page.text).toMatch(/<button type="submit"[^>]*data-auto-submit-button>表示<\/button>/);
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
      expect(valid.text).toMatch(/\d{2}:\d{2} \(Japan time, JST\)<\/time>/);
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
