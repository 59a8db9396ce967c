import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { DocumentsRepository } from '@app/applications';
import { queryRows } from '@app/platform';
import { DOCUMENT_STORAGE, DocumentStorage } from '@app/storage';
import { makeApplication, makeUser } from '../support/factories';
import { useApplicationsApi } from './api-support';

type Item = { number: string; status: string; procedure: string; office: string; submittedAt: string };
type Page = { items: Item[]; next: string | null; pageSize: number };

describe('applications API: list, one, documents (HTTP, real PostgreSQL)', () => {
  const a = useApplicationsApi();
  let filer: { id: string; category: 'foreign_national' };

  beforeAll(async () => {
    const user = await makeUser(a.t.portal, { category: 'foreign_national' });
    filer = { id: user.id, category: 'foreign_national' };
  });

  /** Every page from the first, following `next` with the same query. */
  async function walk(query: string, between?: () => Promise<void>): Promise<string[]> {
    const numbers: string[] = [];
    let page = await a.json<Page>(`/api/v1/applications?${query}`);
    for (;;) {
      numbers.push(...page.items.map((i) => i.number));
      if (page.next === null) return numbers;
      await between?.();
      page = await a.json<Page>(`/api/v1/applications?${query}&after=${encodeURIComponent(page.next)}`);
    }
  }

  it('refuses every endpoint without a valid key with a 401 problem', async () => {
    for (const path of ['/api/v1/applications', '/api/v1/applications/A2026-2222222222', '/api/v1/events']) {
      const res = await fetch(`${a.office.url}${path}`, {
        headers: { authorization: 'Bearer nope-nope-nope-nope-nope' },
      });
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const post = await fetch(`${a.office.url}/api/v1/applications/A2026-2222222222/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
      body: JSON.stringify({ action: 'examine' }),
    });
    expect(post.status).toBe(401);
  });

  it('pages through every application once, oldest first, while new ones are filed', async () => {
    const base = new Date('2026-03-01T00:00:00.000Z');
    // Spaced rows and a run sharing one time, so the id must break ties across page edges.
    for (let i = 0; i < 70; i++)
      await makeApplication(a.office, filer, { submittedAt: new Date(base.getTime() + i * 1000) });
    for (let i = 0; i < 60; i++)
      await makeApplication(a.office, filer, { submittedAt: new Date('2026-03-05T00:00:00Z') });
    const db = a.office.app.get(DataSource);
    const before = (
      await queryRows<{ number: string }>(db, `SELECT number FROM application ORDER BY submitted_at, id`)
    ).map((r) => r.number);
    let filed = 0;
    const seen = await walk('', async () => {
      // New ones land before and after the walk's place (one time for all, random ids): none may make a
      // page repeat or skip a row that was there at the start.
      for (let i = 0; i < 3; i++, filed++)
        await makeApplication(a.office, filer, { submittedAt: new Date('2026-03-05T00:00:00Z') });
    });
    expect(filed).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    expect(before.filter((n) => !seen.includes(n))).toEqual([]);
    const now = (
      await queryRows<{ number: string }>(db, `SELECT number FROM application ORDER BY submitted_at, id`)
    ).map((r) => r.number);
    expect(await walk('')).toEqual(now);
  });

  it('filters by status, procedure, office and submitted since, on every page', async () => {
    const since = new Date('2026-03-20T00:00:00.000Z');
    const osaka = [];
    for (let i = 0; i < 55; i++)
      osaka.push(
        await makeApplication(a.office, filer, {
          office: 'osaka',
          procedureCode: 'change',
          status: 'examining',
          submittedAt: new Date(since.getTime() + i * 60_000),
        }),
      );
    await makeApplication(a.office, filer, { office: 'osaka', procedureCode: 'change', submittedAt: since });
    await makeApplication(a.office, filer, { office: 'osaka', status: 'examining', submittedAt: since });
    await makeApplication(a.office, filer, {
      office: 'osaka',
      procedureCode: 'change',
      status: 'examining',
      submittedAt: new Date('2026-03-19T23:59:59.999Z'),
    });
    const found = await walk('status=examining&procedure=change&office=osaka&submittedSince=2026-03-20');
    expect(found).toEqual(osaka.map((o) => o.number));
    const page = await a.json<Page>('/api/v1/applications?status=examining&office=osaka');
    expect(page.items.every((i) => i.status === 'examining')).toBe(true);
    const later = await walk('office=osaka&submittedSince=2026-03-20T00%3A50%3A00%2B00%3A00');
    expect(later).toEqual(osaka.slice(50).map((o) => o.number));
  });

  it('answers bad filters and cursors with a 400 naming each', async () => {
    const { next } = await a.json<Page>('/api/v1/applications');
    const events = (await a.json<{ next: string }>('/api/v1/events')).next;
    const cases = {
      'status=lost': 'status',
      'procedure=nope': 'procedure',
      'office=mars': 'office',
      'submittedSince=yesterday': 'submittedSince',
      'submittedSince=2026-02-30': 'submittedSince',
      'after=%25%25': 'after',
      [`after=${events}`]: 'after',
      [`after=${'x'.repeat(300)}`]: 'after',
    };
    expect(next).not.toBeNull();
    for (const [query, field] of Object.entries(cases)) {
      const res = await a.call('GET', `/api/v1/applications?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(Object.keys(((await res.json()) as { errors: object }).errors)).toEqual([field]);
    }
  });

  it('shows one application with its events and documents; unknown numbers are 404', async () => {
    const app = await makeApplication(a.office, filer, { procedureCode: 'change' });
    const one = await a.json<Record<string, unknown>>(`/api/v1/applications/${app.number}`);
    expect(one).toMatchObject({
      number: app.number,
      procedure: 'change',
      status: 'received',
      applicant: { nameEn: 'NGUYEN VAN AN', nationality: 'VNM' },
      events: [{ type: 'submitted', toStatus: 'received', actorKind: 'filer' }],
      documents: [],
    });
    for (const number of ['A2026-2222222222', 'nope', 'A2026-22222222%27']) {
      const res = await a.call('GET', `/api/v1/applications/${number}`);
      expect({ number, status: res.status }).toEqual({ number, status: 404 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('streams a document with its type and sha256, audited as the key’s download', async () => {
    const app = await makeApplication(a.office, filer);
    const other = await makeApplication(a.office, filer);
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300_000)]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const storage = a.office.app.get<DocumentStorage>(DOCUMENT_STORAGE);
    const key = `applications/test/${app.id}`;
    await storage.put(key, Readable.from([bytes]), { maxBytes: 1_000_000 });
    const db = a.office.app.get(DataSource);
    const doc = await db.transaction((m) =>
      a.office.app.get(DocumentsRepository).insert(m, {
        applicationId: app.id,
        item: 'passport',
        storageKey: key,
        sha256,
        size: bytes.length,
        kind: 'pdf',
        originalName: '旅券 (copy).pdf',
        uploadedBy: filer.id,
        uploadedAt: a.office.clock.now(),
      }),
    );
    const one = await a.json<{ documents: { id: string; sha256: string; href: string }[] }>(
      `/api/v1/applications/${app.number}`,
    );
    expect(one.documents).toEqual([expect.objectContaining({ id: doc.id, sha256 })]);
    const res = await a.call('GET', one.documents[0].href);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-sha256')).toBe(sha256);
    expect(res.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    const body = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(sha256);
    const audit = await queryRows<{ actor: string; details: { number: string; document: string } }>(
      db,
      `SELECT actor, details FROM audit_log WHERE event = 'application.document_downloaded'`,
    );
    expect(audit).toEqual([
      { actor: `api-key:${a.keyId}`, details: expect.objectContaining({ number: app.number, document: doc.id }) },
    ]);
    // Another application's document, an unknown id and a malformed one are all "not found".
    for (const path of [
      `/api/v1/applications/${other.number}/documents/${doc.id}`,
      `/api/v1/applications/${app.number}/documents/00000000-0000-4000-8000-000000000000`,
      `/api/v1/applications/${app.number}/documents/nope`,
    ]) {
      const r = await a.call('GET', path);
      expect({ path, status: r.status }).toEqual({ path, status: 404 });
    }
  });
});
