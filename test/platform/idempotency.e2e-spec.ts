import { DataSource, EntityManager } from 'typeorm';
import { dataSourceOptions, queryRows, withIdempotency } from '@app/platform';
import { createTestDatabase } from '../support/test-postgres';

const now = new Date('2026-04-01T00:00:00Z');
let counter = 0;
const fresh = (label: string) => `${label}-${++counter}`;

describe('withIdempotency (real PostgreSQL, no HTTP)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Room for every concurrent call to hold its own connection and wait on the key.
    ds = await new DataSource(dataSourceOptions(db.url, { extra: { max: 20 } })).initialize();
    await ds.query(`CREATE TABLE effect (id serial PRIMARY KEY, label text NOT NULL)`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** The work under test: one row per run, so runs can be counted; answers with the row's id. */
  const work = (label: string) => async (m: EntityManager) => {
    const [row] = await queryRows<{ id: number }>(m, `INSERT INTO effect (label) VALUES ($1) RETURNING id`, [label]);
    return { status: 201, body: { id: row.id, label } };
  };
  const runs = async (label: string) =>
    Number((await queryRows<{ n: string }>(ds, `SELECT count(*) AS n FROM effect WHERE label = $1`, [label]))[0].n);
  const keys = async (scope: string) =>
    Number(
      (await queryRows<{ n: string }>(ds, `SELECT count(*) AS n FROM idempotency_key WHERE scope = $1`, [scope]))[0].n,
    );

  it('runs fn once and replays the stored status and body for the same key and request', async () => {
    const req = { scope: fresh('scope'), key: 'k', requestHash: 'h1', now };
    const label = fresh('replay');
    const first = await withIdempotency(ds, req, work(label));
    expect(first).toMatchObject({ kind: 'fresh', status: 201, body: { label } });
    const again = await withIdempotency(ds, req, work(label));
    expect(again).toEqual({ ...first, kind: 'replayed' });
    expect(await runs(label)).toBe(1);
  });

  it('answers conflict for the same key with another request, and runs nothing', async () => {
    const req = { scope: fresh('scope'), key: 'k', requestHash: 'h1', now };
    const label = fresh('conflict');
    await withIdempotency(ds, req, work(label));
    expect(await withIdempotency(ds, { ...req, requestHash: 'h2' }, work(label))).toEqual({ kind: 'conflict' });
    expect(await runs(label)).toBe(1);
  });

  it('keeps scopes apart: the same key in another scope is another request', async () => {
    const label = fresh('scopes');
    const a = await withIdempotency(ds, { scope: fresh('a'), key: 'k', requestHash: 'h', now }, work(label));
    const b = await withIdempotency(ds, { scope: fresh('b'), key: 'k', requestHash: 'h', now }, work(label));
    expect([a.kind, b.kind]).toEqual(['fresh', 'fresh']);
    expect(await runs(label)).toBe(2);
  });

  it('leaves no key behind when fn fails, so a retry runs it', async () => {
    const req = { scope: fresh('scope'), key: 'k', requestHash: 'h', now };
    const label = fresh('rollback');
    await expect(
      withIdempotency(ds, req, async (m) => {
        await work(label)(m);
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await keys(req.scope)).toBe(0);
    expect(await runs(label)).toBe(0);
    expect((await withIdempotency(ds, req, work(label))).kind).toBe('fresh');
    expect(await runs(label)).toBe(1);
  });

  it('without a key, simply runs fn in a transaction each time', async () => {
    const label = fresh('no-key');
    expect((await withIdempotency(ds, undefined, work(label))).kind).toBe('fresh');
    expect((await withIdempotency(ds, undefined, work(label))).kind).toBe('fresh');
    expect(await runs(label)).toBe(2);
  });

  it('runs fn exactly once for 10 concurrent calls with one key, round after round', async () => {
    for (let round = 0; round < 5; round++) {
      const req = { scope: fresh('concurrent'), key: 'k', requestHash: 'h', now };
      const label = fresh('concurrent');
      const slow = async (m: EntityManager) => {
        const answer = await work(label)(m);
        // Hold the key a moment so that the others really wait on it.
        await m.query('SELECT pg_sleep(0.05)');
        return answer;
      };
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => withIdempotency(ds, req, slow)));
      expect(outcomes.filter((o) => o.kind === 'fresh')).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === 'replayed')).toHaveLength(9);
      const bodies = new Set(outcomes.map((o) => (o.kind === 'conflict' ? 'conflict' : JSON.stringify(o.body))));
      expect(bodies.size).toBe(1);
      expect(await runs(label)).toBe(1);
    }
  });

  it('replays after a concurrent first call rolled back: the waiting duplicate runs fn itself', async () => {
    const req = { scope: fresh('scope'), key: 'k', requestHash: 'h', now };
    const label = fresh('after-rollback');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const failing = withIdempotency(ds, req, async (m) => {
      await work(label)(m);
      await held;
      throw new Error('first one fails');
    });
    // Let the first call take the key before the duplicate arrives.
    await new Promise((r) => setTimeout(r, 100));
    const duplicate = withIdempotency(ds, req, work(label));
    await new Promise((r) => setTimeout(r, 100));
    release();
    await expect(failing).rejects.toThrow('first one fails');
    expect((await duplicate).kind).toBe('fresh');
    expect(await runs(label)).toBe(1);
  });
});
