import { DataSource, EntityManager } from 'typeorm';
import { deleteBatch, queryRows } from './query-rows';

/** Who may reuse a key (e.g. `api-key:<id>`: two callers' keys never meet), the key, and what was asked. */
export interface IdempotencyRequest {
  scope: string;
  key: string;
  /** A digest of the request: the same key with another request is a conflict, not a replay. */
  requestHash: string;
  now: Date;
}

export interface IdempotentResponse<T> {
  status: number;
  body: T;
}

export type IdempotentOutcome<T> =
  ({ kind: 'fresh' } & IdempotentResponse<T>) | ({ kind: 'replayed' } & IdempotentResponse<T>) | { kind: 'conflict' };

/**
 * The Idempotency-Key protocol over the `idempotency_key` table (owned here). The key is inserted in
 * the same transaction as `fn`'s work: a concurrent duplicate waits on the unique key until the first
 * commits, then replays the stored answer; if the first rolls back, its key goes with it and the
 * duplicate runs `fn` itself. Without a request (no key sent), `fn` simply runs in a transaction.
 */
export async function withIdempotency<T>(
  on: DataSource | EntityManager,
  request: IdempotencyRequest | undefined,
  fn: (m: EntityManager) => Promise<IdempotentResponse<T>>,
): Promise<IdempotentOutcome<T>> {
  return on.transaction(async (m) => {
    if (!request) return { kind: 'fresh', ...(await fn(m)) };
    const { scope, key, requestHash, now } = request;
    const inserted = await queryRows(
      m,
      `INSERT INTO idempotency_key (scope, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING key`,
      [scope, key, requestHash, now],
    );
    if (!inserted.length) {
      const [prior] = await queryRows<{ request_hash: string; status: number; response: T }>(
        m,
        `SELECT request_hash, status, response FROM idempotency_key WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      return prior.request_hash === requestHash
        ? { kind: 'replayed', status: prior.status, body: prior.response }
        : { kind: 'conflict' };
    }
    const response = await fn(m);
    await m.query(`UPDATE idempotency_key SET status = $3, response = $4 WHERE scope = $1 AND key = $2`, [
      scope,
      key,
      response.status,
      JSON.stringify(response.body),
    ]);
    return { kind: 'fresh', ...response };
  });
}

/** Deletes up to `limit` keys stored at or before `cutoff`: a retry after that runs as a new request. */
export function deleteIdempotencyKeysBefore(on: DataSource, cutoff: Date, limit: number): Promise<number> {
  return deleteBatch(on, { table: 'idempotency_key', key: 'scope, key', where: 'created_at <= $1' }, [cutoff], limit);
}
