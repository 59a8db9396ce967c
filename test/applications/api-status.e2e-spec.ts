import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/platform';
import { makeApplication, makeUser } from '../support/factories';
import { useApplicationsApi } from './api-support';
import { auditOf, eventsOf } from './support';

describe('applications API: status changes, idempotent and decided once (HTTP, real PostgreSQL)', () => {
  const a = useApplicationsApi();
  let filer: { id: string; category: 'foreign_national' };
  let db: DataSource;

  beforeAll(async () => {
    const user = await makeUser(a.t.portal, { category: 'foreign_national' });
    filer = { id: user.id, category: 'foreign_national' };
    db = a.office.app.get(DataSource);
  });

  const post = (number: string, body: unknown, key: string | null = randomUUID()) =>
    a.call('POST', `/api/v1/applications/${number}/status`, body, key === null ? {} : { 'idempotency-key': key });
  const statusEvents = async (id: string) => (await eventsOf(db, id)).filter((e) => e.type === 'status_changed');

  it('moves an application through the examination, each change audited with the key’s id', async () => {
    const app = await makeApplication(a.office, filer);
    const examined = await post(app.number, { action: 'examine' });
    expect(examined.status).toBe(200);
    expect(await examined.json()).toEqual({
      number: app.number,
      status: 'examining',
      decision: null,
      coeId: null,
      version: 2,
    });
    const asked = await post(app.number, {
      action: 'request_documents',
      message: 'Send the contract.',
      deadline: '2026-04-15',
    });
    expect(await asked.json()).toMatchObject({ status: 'documents_requested' });
    const other = await makeApplication(a.office, filer, { status: 'examining' });
    expect(await (await post(other.number, { action: 'deny', reason: 'Not eligible.' })).json()).toMatchObject({
      status: 'decided',
      decision: 'denied',
    });
    expect(await (await post(other.number, { action: 'issue_result' })).json()).toMatchObject({
      status: 'result_issued',
    });
    expect(await auditOf(db, app.number)).toEqual([
      { event: 'application.examined', actor: `api-key:${a.keyId}` },
      { event: 'application.documents_requested', actor: `api-key:${a.keyId}` },
    ]);
    expect((await statusEvents(app.id)).map((e) => [e.actor_kind, e.actor_id])).toEqual([
      ['api', a.keyId],
      ['api', a.keyId],
    ]);
  });

  it('replays the same key and body once; another body with the key is a 409; no key is a 400', async () => {
    const app = await makeApplication(a.office, filer);
    const key = randomUUID();
    const first = await post(app.number, { action: 'examine' }, key);
    const again = await post(app.number, { action: 'examine' }, key);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    const otherBody = await post(app.number, { action: 'approve' }, key);
    expect(otherBody.status).toBe(409);
    expect(otherBody.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await statusEvents(app.id)).toHaveLength(1);
    expect((await post(app.number, { action: 'approve' }, null)).status).toBe(400);
    expect((await post(app.number, { action: 'approve' }, 'two words')).status).toBe(400);
    const stored = await queryRows(db, `SELECT 1 FROM idempotency_key WHERE key = $1`, [key]);
    expect(stored).toHaveLength(1);
  });

  it('names each bad field; a refused transition is a 409 or 422, never a change', async () => {
    const app = await makeApplication(a.office, filer, { status: 'examining' });
    const cases: [unknown, string[]][] = [
      [{ action: 'fly' }, ['action']],
      [{}, ['action']],
      // Not an object: the JSON parser refuses it before any field is looked at.
      ['examine', []],
      [{ action: 'request_documents', message: 'x' }, ['deadline']],
      [{ action: 'request_documents', message: ' ', deadline: '2026-05-01' }, ['message']],
      [{ action: 'deny' }, ['reason']],
      [{ action: 'approve', reason: 'why' }, ['reason']],
    ];
    for (const [body, fields] of cases) {
      const res = await post(app.number, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(Object.keys(((await res.json()) as { errors?: object }).errors ?? {}).sort()).toEqual(fields);
    }
    const past = await post(app.number, { action: 'request_documents', message: 'x', deadline: '2026-04-01' });
    expect(past.status).toBe(422);
    expect(((await past.json()) as { errors: object }).errors).toHaveProperty('deadline');
    const wrongNow = await post(app.number, { action: 'examine' });
    expect(wrongNow.status).toBe(409);
    expect((await post('A2026-2222222222', { action: 'examine' })).status).toBe(404);
    expect(await statusEvents(app.id)).toHaveLength(0);
  });

  it('decides once under concurrency: the same key replays, different keys lose with 409 (several rounds)', async () => {
    for (let round = 0; round < 5; round++) {
      const app = await makeApplication(a.office, filer, { status: 'examining' });
      const key = randomUUID();
      const same = await Promise.all(Array.from({ length: 4 }, () => post(app.number, { action: 'approve' }, key)));
      expect(same.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(same.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(3);
      const bodies = await Promise.all(same.map((r) => r.json()));
      for (const b of bodies) expect(b).toEqual(bodies[0]);

      const next = await makeApplication(a.office, filer, { status: 'examining' });
      const raced = await Promise.all([
        post(next.number, { action: 'approve' }),
        post(next.number, { action: 'deny', reason: 'No.' }),
        post(next.number, { action: 'approve' }),
        post(next.number, { action: 'deny', reason: 'No.' }),
      ]);
      expect(raced.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      for (const id of [app.id, next.id])
        expect({ round, events: (await statusEvents(id)).length }).toEqual({ round, events: 1 });
    }
  });
});
