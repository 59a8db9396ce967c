import { DataSource } from 'typeorm';
import { ApiKeysService, CoeService } from '@app/coe';
import { queryRows } from '@app/platform';
import { uniqueEmail } from '../support/accounts';
import { API_ISSUE_BODY } from '../support/coe-api';
import { FAST_ACCOUNTS, Running, startOffice, testConfig, usePortal } from '../support/apps';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { makeCoes, makeUser } from '../support/factories';
import { runCli } from '../support/run-cli';

const BODY = API_ISSUE_BODY;

describe('e-COE JSON API (SPEC §7)', () => {
  const t = usePortal();
  let office: Running<NestExpressApplication>;
  let key: string;
  let recipientUserId: string;

  beforeAll(async () => {
    office = await startOffice(testConfig(t.dbUrl, FAST_ACCOUNTS));
    ({ key } = await office.app.get(ApiKeysService).create('examination-system', 'test'));
    ({ loginId: recipientUserId } = await makeUser(t.portal, { email: uniqueEmail('api') }));
  });
  afterAll(() => office?.close());

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${office.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        accept: 'application/json',
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('refuses requests without a valid key with 401 problem JSON', async () => {
    for (const authorization of ['', 'Bearer nope-nope-nope-nope-nope', 'Basic abc']) {
      const res = await fetch(`${office.url}/api/v1/coes`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 401 });
    }
  });

  it('issues a certificate: 201 with number, times and receipt status', async () => {
    const res = await call('POST', '/api/v1/coes', { ...BODY, recipientUserId });
    expect(res.status).toBe(201);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toMatchObject({
      recipientUserId,
      receiptStatus: 'unregistered',
      statusOfResidence: 'specified_skilled_worker_1',
    });
    expect(json.number).toMatch(/^E2026-[23456789A-HJ-NP-Z]{8}$/);
    expect(json.issuedAt).toBe('2026-04-01T00:00:00.000Z');
    expect(json.validUntil).toBe('2026-07-01T00:00:00.000Z');
    const one = await call('GET', `/api/v1/coes/${String(json.number)}`);
    expect(await one.json()).toEqual(json);
  });

  it('names each bad field in a 400 problem', async () => {
    const res = await call('POST', '/api/v1/coes', {
      recipientUserId,
      holderNameEn: 'maria-santos!',
      nationality: 'XXX',
      dateOfBirth: '1999-02-30',
      gender: 'other',
      statusOfResidence: 'temporary_visitor',
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(json.errors).sort()).toEqual(
      ['dateOfBirth', 'gender', 'holderNameEn', 'issuingOffice', 'nationality', 'statusOfResidence'].sort(),
    );
    expect(json.errors.statusOfResidence[0]).toMatch(/Certificate of Eligibility can be issued/);
  });

  it('answers 422 for an unknown recipient', async () => {
    const res = await call('POST', '/api/v1/coes', { ...BODY, recipientUserId: 'NOSUCHUSER' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: Record<string, unknown> }).errors).toHaveProperty('recipientUserId');
  });

  it('refuses a certificate that could not be printed, before anything is saved', async () => {
    const res = await call('POST', '/api/v1/coes', { ...BODY, recipientUserId, issuingOffice: 'Osaka 🏯 Bureau' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: Record<string, unknown> }).errors).toHaveProperty('issuingOffice');
    const rows = await queryRows(office.app.get(DataSource), `SELECT 1 FROM coe WHERE issuing_office LIKE '%🏯%'`);
    expect(rows).toHaveLength(0);
  });

  it('never issues twice for one Idempotency-Key, even for concurrent retries', async () => {
    const headers = { 'idempotency-key': `retry-${Math.random()}` };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => call('POST', '/api/v1/coes', { ...BODY, recipientUserId }, headers)),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const numbers = new Set(
      await Promise.all(results.map(async (r) => ((await r.json()) as { number: string }).number)),
    );
    expect(numbers.size).toBe(1);
    const [{ n }] = await queryRows<{ n: string }>(
      office.app.get(DataSource),
      `SELECT count(*) AS n FROM coe WHERE number = $1`,
      [[...numbers][0]],
    );
    expect(n).toBe('1');
    const later = await call('POST', '/api/v1/coes', { ...BODY, recipientUserId }, headers);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    const different = await call(
      'POST',
      '/api/v1/coes',
      { ...BODY, holderNameEn: 'OTHER NAME', recipientUserId },
      headers,
    );
    expect(different.status).toBe(409);
  });

  it('lists certificates by receipt status, a page at a time', async () => {
    const res = await call('GET', '/api/v1/coes?status=unregistered&page=1');
    expect(res.status).toBe(200);
    const json = (await res.json()) as { items: { receiptStatus: string }[]; page: number; total: number };
    expect(json.page).toBe(1);
    expect(json.total).toBeGreaterThanOrEqual(2);
    expect(json.items.every((i) => i.receiptStatus === 'unregistered')).toBe(true);
    const revoked = (await (await call('POST', '/api/v1/coes', { ...BODY, recipientUserId })).json()) as {
      number: string;
    };
    await office.app.get(CoeService).revoke(revoked.number, 'issued in error', 'officer:test');
    const awaiting = (await (await call('GET', '/api/v1/coes?status=unregistered')).json()) as {
      items: { number: string }[];
      total: number;
    };
    // "unregistered" lists what awaits receipt: a revoked certificate awaits nothing.
    expect(awaiting.items.map((i) => i.number)).not.toContain(revoked.number);
    expect(awaiting.total).toBe(json.total);
    expect(await (await call('GET', `/api/v1/coes/${revoked.number}`)).json()).toMatchObject({
      receiptStatus: 'unregistered',
      revokedAt: '2026-04-01T00:00:00.000Z',
    });
    expect((await call('GET', '/api/v1/coes?status=lost')).status).toBe(400);
    expect((await call('GET', '/api/v1/coes?page=0')).status).toBe(400);
    expect((await call('GET', '/api/v1/coes/E2026-ZZZZZZZZ')).status).toBe(404);
  });

  it('serves the OpenAPI description at /api/docs', async () => {
    const res = await fetch(`${office.url}/api/docs`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual([
      '/api/v1/coes',
      '/api/v1/coes/{number}',
      '/api/v1/applications',
      '/api/v1/applications/{number}',
      '/api/v1/applications/{number}/documents/{id}',
      '/api/v1/applications/{number}/status',
      '/api/v1/events',
    ]);
  });

  it('creates keys from the CLI, printing the key alone on the last line', async () => {
    const r = await runCli(['apikey:create', '--name', 'second system'], { DATABASE_URL: t.dbUrl, NODE_ENV: 'test' });
    expect(r.code).toBe(0);
    const last = r.stdout.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^ro_[A-Za-z0-9_-]{43}$/);
    const res = await fetch(`${office.url}/api/v1/coes`, { headers: { authorization: `Bearer ${last}` } });
    expect(res.status).toBe(200);
  });

  describe('paging by cursor', () => {
    type Page = { items: { number: string }[]; next: string | null; total?: number; page?: number };
    const get = async (path: string): Promise<Page> => {
      const res = await call('GET', path);
      expect(res.status).toBe(200);
      return (await res.json()) as Page;
    };
    /** Every page from `first` on, following `next`, with the query kept. */
    const walk = async (query: string, first: string): Promise<{ numbers: string[]; pages: Page[] }> => {
      const pages = [await get(`/api/v1/coes?${query}${first}`)];
      while (pages.at(-1)!.next !== null) {
        pages.push(await get(`/api/v1/coes?${query}after=${encodeURIComponent(pages.at(-1)!.next!)}`));
        expect(pages.length).toBeLessThan(100);
      }
      return { numbers: pages.flatMap((p) => p.items.map((i) => i.number)), pages };
    };
    const inOrder = async (where: string) =>
      (
        await queryRows<{ number: string }>(
          office.app.get(DataSource),
          `SELECT number FROM coe c ${where} ORDER BY issued_at DESC, id DESC`,
        )
      ).map((r) => r.number);

    beforeAll(async () => {
      const user = await makeUser(t.portal, { email: uniqueEmail('api-cursor') });
      const issuedAt = new Date('2026-03-20T00:00:00.000Z');
      // Spaced rows and a run sharing one issue time, so the id must break ties across page edges.
      await makeCoes(t.portal, user, 170, { issuedAt, spacingMs: 1000 });
      await makeCoes(t.portal, user, 80, { issuedAt });
      await makeCoes(t.portal, user, 60, { issuedAt, receivedAt: issuedAt, spacingMs: 7 });
    });

    it('walks every certificate exactly once, newest first, from an empty cursor or page 1', async () => {
      const all = await inOrder('');
      expect(all.length).toBeGreaterThanOrEqual(310);
      const byCursor = await walk('', 'after=');
      expect(byCursor.numbers).toEqual(all);
      expect(byCursor.pages.at(-1)!.next).toBeNull();
      expect(byCursor.pages.every((p) => p.total === undefined)).toBe(true);
      expect(byCursor.pages.slice(0, -1).every((p) => p.items.length === 50)).toBe(true);
      const fromPage = await walk('', 'page=1');
      expect(fromPage.numbers).toEqual(all);
      expect(fromPage.pages[0]).toMatchObject({ page: 1, total: all.length });
    });

    it('keeps the status filter on every cursor page', async () => {
      const received = await inOrder('WHERE received_at IS NOT NULL');
      expect(received.length).toBeGreaterThanOrEqual(60);
      expect((await walk('status=registered&', 'after=')).numbers).toEqual(received);
      const awaiting = await inOrder('WHERE received_at IS NULL AND revoked_at IS NULL');
      expect(awaiting.length).toBeGreaterThanOrEqual(250);
      expect((await walk('status=unregistered&', 'after=')).numbers).toEqual(awaiting);
    });

    it('keeps numbered pages up to 100 and points beyond them to the cursor', async () => {
      const last = await call('GET', '/api/v1/coes?page=100');
      expect(last.status).toBe(200);
      expect(await last.json()).toMatchObject({ items: [], page: 100, next: null });
      const beyond = await call('GET', '/api/v1/coes?page=101');
      expect(beyond.status).toBe(400);
      expect(beyond.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await beyond.json()) as { errors: { page: string[] } };
      expect(problem.errors.page[0]).toMatch(/at most 100.*"after"/);
    });

    it('answers a cursor it did not give with a 400 problem, never a 500', async () => {
      const { next } = await get('/api/v1/coes?after=');
      const forged = Buffer.from('c1:not-a-uuid').toString('base64url');
      for (const bad of ['%%%', 'bm9wZQ', forged, 'x'.repeat(500), `${next}&after=${next}`, `${next}&page=2`]) {
        const res = await call('GET', `/api/v1/coes?after=${bad}`);
        expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
        expect(((await res.json()) as { errors: Record<string, string[]> }).errors.after).toHaveLength(1);
      }
    });
  });
});
