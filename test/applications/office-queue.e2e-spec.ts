import { queryRows } from '@app/platform';
import { csrfOf } from '../support/accounts';
import { makeApplication, makeUser } from '../support/factories';
import { Agent } from '../support/http';
import { useOffice } from './office-support';

/** The row numbers of the queue page, in order. */
const numbersOn = (html: string) => [...html.matchAll(/<tr data-number="([^"]+)">/g)].map((m) => m[1]);
const nextOf = (html: string) => /<a href="([^"]+)" id="next-page"/.exec(html)?.[1].replaceAll('&amp;', '&');

describe('office examination: the queue (issue 13 item 4)', () => {
  const t = useOffice();
  const at = (minutes: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + minutes * 60_000);

  it('is for officers only, and is linked from the console top page', async () => {
    const res = await new Agent(t.office.url).get('/applications');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?returnTo=%2Fapplications');
    expect((await t.agentA.get('/?lng=ja')).text).toContain('<a class="button" href="/applications">審査待ち一覧</a>');
  });

  it('lists the open applications oldest first, 50 a page by keyset, the filters kept in the paging link', async () => {
    const filer = await makeUser(t.office);
    const made = [];
    // Inserted newest first, so the order shown is the submission time's, not the insertion's.
    for (let i = 54; i >= 0; i--)
      made.push(await makeApplication(t.office, filer, { office: 'sapporo', submittedAt: at(i) }));
    await makeApplication(t.office, filer, {
      office: 'sapporo',
      status: 'decided',
      decision: 'denied',
      submittedAt: at(-1),
    });
    const expected = made.reverse().map((a) => a.number);

    const first = await t.agentA.get('/applications?office=sapporo&lng=ja');
    expect(first.status).toBe(200);
    expect(numbersOn(first.text)).toEqual(expected.slice(0, 50));
    const next = nextOf(first.text)!;
    expect(next).toMatch(/^\/applications\?office=sapporo&after=[A-Za-z0-9_-]+$/);
    const second = await t.agentA.get(next);
    expect(numbersOn(second.text)).toEqual(expected.slice(50));
    expect(nextOf(second.text)).toBeUndefined();
    expect(second.text).toContain('href="/applications?office=sapporo" id="first-page"');

    // A row: 受付番号 linked, procedure, applicant, filed at in Japan time, status, nobody assigned yet.
    const row = new RegExp(`<tr data-number="${expected[0]}">([\\s\\S]*?)</tr>`).exec(first.text)![1];
    expect(row).toContain(`<a href="/applications/${expected[0]}">${expected[0]}</a>`);
    expect(row).toContain('在留期間更新許可申請');
    expect(row).toContain('NGUYEN VAN AN');
    expect(row).toContain('2026年3月1日 09:00');
    expect(row).toContain('申請受付');
    expect(row).toContain('未割当て');
    expect(first.text).toContain('日本時間');

    // One status: the decided one only.
    const decided = await t.agentA.get('/applications?office=sapporo&status=decided');
    expect(numbersOn(decided.text)).toHaveLength(1);
  });

  it('filters by procedure, status, office and assigned officer; "assign to me" keeps the filters', async () => {
    const filer = await makeUser(t.office);
    const ext = await makeApplication(t.office, filer, { office: 'sendai', submittedAt: at(100) });
    const change = await makeApplication(t.office, filer, {
      office: 'sendai',
      procedureCode: 'change',
      submittedAt: at(101),
    });
    const examining = await makeApplication(t.office, filer, {
      office: 'sendai',
      status: 'examining',
      submittedAt: at(102),
    });
    await makeApplication(t.office, filer, { office: 'nagoya', submittedAt: at(103) });

    expect(numbersOn((await t.agentA.get('/applications?office=sendai')).text)).toEqual([
      ext.number,
      change.number,
      examining.number,
    ]);
    expect(numbersOn((await t.agentA.get('/applications?office=sendai&procedure=change')).text)).toEqual([
      change.number,
    ]);
    expect(numbersOn((await t.agentA.get('/applications?office=sendai&status=examining')).text)).toEqual([
      examining.number,
    ]);

    const queue = await t.agentA.get('/applications?office=sendai&assigned=unassigned');
    expect(queue.text).toContain('name="back" value="office=sendai&amp;assigned=unassigned"');
    const res = await t.agentA.post(`/applications/${change.number}/assign`, {
      _csrf: csrfOf(queue.text),
      back: 'office=sendai&assigned=unassigned',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/applications?office=sendai&assigned=unassigned');

    expect(numbersOn((await t.agentA.get('/applications?office=sendai&assigned=unassigned')).text)).toEqual([
      ext.number,
      examining.number,
    ]);
    const mine = await t.agentA.get('/applications?office=sendai&assigned=me&lng=ja');
    expect(numbersOn(mine.text)).toEqual([change.number]);
    expect(mine.text).toMatch(/<td>自分\s*<\/td>/);
    expect(numbersOn((await t.agentB.get('/applications?office=sendai&assigned=me')).text)).toEqual([]);
    // Another officer sees who holds it, by officer ID.
    expect((await t.agentB.get('/applications?office=sendai')).text).toContain(t.a.loginId);

    const [audit] = await queryRows<{ event: string; actor: string }>(
      t.db,
      `SELECT event, actor FROM audit_log WHERE details->>'number' = $1 ORDER BY id`,
      [change.number],
    );
    expect(audit).toEqual({ event: 'application.assigned', actor: `officer:${t.a.loginId}` });
  });

  it('answers bad filter values and a bad cursor with a message and the list unfiltered by them, never a 500', async () => {
    for (const qs of [
      'status=nonsense',
      'procedure=visa',
      'office=mars',
      'assigned=everyone',
      'after=xyz',
      'status=received&status=x',
    ]) {
      const res = await t.agentA.get(`/applications?${qs}&lng=ja`);
      expect(res.status).toBe(400);
      expect(res.text).toContain('条件の一部が正しくないため');
      expect(res.text).toContain('<table class="ledger" id="queue">');
    }
  });

  it('refuses "assign to me" without the CSRF token, and for a decided application with the message', async () => {
    const filer = await makeUser(t.office);
    const app = await makeApplication(t.office, filer, { office: 'hiroshima' });
    expect((await t.agentA.post(`/applications/${app.number}/assign`, {})).status).toBe(403);
    const decided = await makeApplication(t.office, filer, { status: 'decided', decision: 'approved' });
    const page = await t.agentA.get(`/applications/${app.number}`);
    const res = await t.agentA.post(`/applications/${decided.number}/assign?lng=ja`, { _csrf: csrfOf(page.text) });
    expect(res.status).toBe(409);
    expect(res.text).toContain('この申請は審査が終了しているため');
  });
});
