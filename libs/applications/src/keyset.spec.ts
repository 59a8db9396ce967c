import { decodeKeyset, encodeKeyset, pageOf } from './keyset';

const id = '0b5c3e0a-8f1e-4a55-9d7c-2f4f7a1b2c3d';

describe('keyset cursor', () => {
  it('round-trips and refuses anything it did not make', () => {
    const k = { at: new Date('2026-04-01T00:00:00.123Z'), id };
    expect(decodeKeyset(encodeKeyset(k))).toEqual(k);
    expect(decodeKeyset('garbage')).toBeUndefined();
    expect(decodeKeyset(Buffer.from(`2026-04-01T00:00:00Z|${id}|x`).toString('base64url'))).toBeUndefined();
    expect(decodeKeyset(Buffer.from(`never|${id}`).toString('base64url'))).toBeUndefined();
    expect(decodeKeyset(Buffer.from(`2026-04-01T00:00:00Z|1 OR 1=1`).toString('base64url'))).toBeUndefined();
    expect(decodeKeyset(42)).toBeUndefined();
  });

  it('gives a next cursor only when more rows follow', () => {
    const rows = [1, 2, 3].map((n) => ({ id, submittedAt: new Date(n * 1000) }));
    expect(pageOf(rows, 3)).toEqual({ rows });
    const page = pageOf(rows, 2);
    expect(page.rows).toHaveLength(2);
    expect(decodeKeyset(page.next)).toEqual({ at: new Date(2000), id });
  });
});
