import { DataSource } from 'typeorm';
import { EventsRepository } from '@app/applications';
import { CoeService } from '@app/coe';
import { queryRows } from '@app/platform';
import { makeApplication, makeUser } from '../support/factories';
import { useApplicationsApi } from './api-support';

type Feed = { items: { cursor: string; type: string; number: string }[]; next: string };

describe('GET /api/v1/events: the applications’ events in order (HTTP, real PostgreSQL)', () => {
  const a = useApplicationsApi();
  let db: DataSource;

  beforeAll(() => {
    db = a.office.app.get(DataSource);
  });

  /** Every event after `from`, following `next` until an answer is empty. */
  async function drain(from: string, limit = 7): Promise<{ items: Feed['items']; next: string }> {
    const items: Feed['items'] = [];
    let next = from;
    for (;;) {
      const page = await a.json<Feed>(`/api/v1/events?limit=${limit}&after=${encodeURIComponent(next)}`);
      if (!page.items.length) {
        // Nothing new keeps the cursor; without one, the answer names the start.
        if (next !== '') expect(page.next).toBe(next);
        return { items, next: page.next };
      }
      items.push(...page.items);
      next = page.next;
    }
  }

  it('gives every event once in id order, with no personal data; past the end it keeps the cursor', async () => {
    const user = await makeUser(a.t.portal, { category: 'foreign_national' });
    const filer = { id: user.id, category: 'foreign_national' as const };
    const start = (await drain('')).next;
    const apps = [];
    for (let i = 0; i < 6; i++) apps.push(await makeApplication(a.office, filer, { procedureCode: 'change' }));
    const key = 'events-1';
    await a.call(
      'POST',
      `/api/v1/applications/${apps[0].number}/status`,
      { action: 'examine' },
      { 'idempotency-key': key },
    );
    await a.call(
      'POST',
      `/api/v1/applications/${apps[0].number}/status`,
      {
        action: 'request_documents',
        message: 'Send the employment contract of NGUYEN VAN AN.',
        deadline: '2026-04-20',
      },
      { 'idempotency-key': 'events-2' },
    );
    const { items, next } = await drain(start, 3);
    const ids = await queryRows<{ number: string; type: string }>(
      db,
      `SELECT a.number, e.type FROM application_event e JOIN application a ON a.id = e.application_id
        WHERE a.id = ANY($1) ORDER BY e.id`,
      [apps.map((x) => x.id)],
    );
    expect(items.map((i) => ({ number: i.number, type: i.type }))).toEqual(ids);
    expect(items.at(-1)).toEqual({
      cursor: next,
      type: 'status_changed',
      number: apps[0].number,
      procedure: 'change',
      fromStatus: 'examining',
      toStatus: 'documents_requested',
      decision: null,
      at: '2026-04-01T00:00:00.000Z',
    });
    const text = JSON.stringify(items);
    for (const personal of [
      'NGUYEN',
      'VNM',
      '1995-05-04',
      'C1234567',
      'AB12345678CD',
      '霞が関',
      'contract',
      '2026-04-20',
      user.id,
    ])
      expect({ personal, found: text.includes(personal) }).toEqual({ personal, found: false });
    // Resuming from any item's cursor gives the rest.
    expect((await drain(items[2].cursor, 100)).items).toEqual(items.slice(3));
  });

  it('answers a cursor it did not give, or a bad limit, with a 400', async () => {
    const { next } = await a.json<Feed>('/api/v1/events');
    const list = (await a.json<{ next: string | null }>('/api/v1/applications')).next;
    const forged = Buffer.from('e1:-5').toString('base64url');
    for (const query of [
      'after=%25%25',
      `after=${forged}`,
      'after=bm9wZQ',
      `after=${list ?? 'x'}`,
      'limit=0',
      'limit=501',
      'limit=ten',
    ]) {
      const res = await a.call('GET', `/api/v1/events?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const beyond = Buffer.from('e1:999999999999').toString('base64url');
    expect(await a.json<Feed>(`/api/v1/events?after=${beyond}`)).toEqual({ items: [], next: beyond });
    expect(next).toEqual(expect.any(String));
  });

  it('waits for an earlier event still being committed, so a later one never overtakes it', async () => {
    const user = await makeUser(a.t.portal, { category: 'foreign_national' });
    const filer = { id: user.id, category: 'foreign_national' as const };
    const start = (await drain('')).next;
    const early = await makeApplication(a.office, filer);
    const late = await makeApplication(a.office, filer);
    // An event whose id is drawn first but whose transaction commits after a later one.
    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await a.office.app.get(EventsRepository).insert(runner.manager, {
      applicationId: early.id,
      type: 'documents_added',
      actorKind: 'filer',
      actorId: user.id,
      createdAt: a.office.clock.now(),
    });
    await a.call(
      'POST',
      `/api/v1/applications/${late.number}/status`,
      { action: 'examine' },
      { 'idempotency-key': 'late' },
    );
    const reading = a.json<Feed>(`/api/v1/events?after=${encodeURIComponent(start)}`);
    await new Promise((r) => setTimeout(r, 300));
    await runner.commitTransaction();
    await runner.release();
    const page = await reading;
    const types = page.items.map((i) => `${i.number === early.number ? 'early' : 'late'}:${i.type}`);
    expect(types).toEqual(['early:submitted', 'late:submitted', 'early:documents_added', 'late:status_changed']);
  });

  it('writes receipt_registered when the filer registers receipt of an e-COE an application issued', async () => {
    const staff = await makeUser(a.t.portal, { category: 'institution_staff' });
    const app = await makeApplication(
      a.office,
      { id: staff.id, category: 'institution_staff' },
      { procedureCode: 'coe', status: 'examining', residenceCardNumber: null, addressInJapan: null },
    );
    const start = (await drain('')).next;
    const approved = await a.call(
      'POST',
      `/api/v1/applications/${app.number}/status`,
      { action: 'approve' },
      { 'idempotency-key': 'coe' },
    );
    expect(await approved.json()).toMatchObject({ status: 'result_issued', decision: 'approved' });
    const [coe] = await queryRows<{ number: string }>(db, `SELECT number FROM coe WHERE recipient_id = $1`, [staff.id]);
    // Receipt is registered on the portal (the 受領登録 page's service), in its own process.
    await a.t.portal.app.get(CoeService).registerReceipt(staff.id, coe.number);
    await a.t.portal.app.get(CoeService).registerReceipt(staff.id, coe.number);
    const { items } = await drain(start);
    expect(items.map((i) => i.type)).toEqual(['status_changed', 'status_changed', 'receipt_registered']);
    expect(items[2]).toMatchObject({ number: app.number, procedure: 'coe', toStatus: null });
  });
});
