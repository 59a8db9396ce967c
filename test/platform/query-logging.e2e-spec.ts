import express from 'express';
import { QueryFailedError } from 'typeorm';
import { expressErrorHandler, loggableMessage } from '@app/platform';
import { useTestDataSource } from '../support/test-postgres';

/** Everything written to stdout, stderr or the console while `fn` runs. */
async function captured(fn: () => Promise<unknown>): Promise<string> {
  const chunks: string[] = [];
  const write = (chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(write),
    jest.spyOn(process.stderr, 'write').mockImplementation(write),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void write(args.join(' '))),
    ),
  ];
  try {
    await fn().catch(() => undefined);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return chunks.join('');
}

describe('failed queries are logged without their parameters (issue 10.4)', () => {
  const t = useTestDataSource();
  const email = 'leak-check@example.test';
  const hash = '$2b$12$SECRETHASHSECRETHASHSECRETHASHSECRETHASHSECRETHASH12';
  const insertUser = () =>
    t.ds.query(
      `INSERT INTO app_user (login_id, email, category, password_hash, password_changed_at, created_at, updated_at)
       VALUES ($1, $2, 'lawyer', $3, $4, $4, $4)`,
      ['LEAKCHECK2', email, hash, '2026-04-01T00:00:00Z'],
    );

  beforeAll(insertUser);

  it("logs a unique violation by SQLSTATE and constraint, without the values or PostgreSQL's detail", async () => {
    const log = await captured(insertUser);
    expect(log).toContain('query failed (code=23505');
    expect(log).toContain('INSERT INTO app_user');
    for (const leak of [email, hash, 'LEAKCHECK2', 'already exists']) expect(log).not.toContain(leak);
  });

  it('logs a value PostgreSQL would quote in its message (invalid input) without it', async () => {
    const token = 'not-a-uuid-but-a-token-Zq8vR0xY3kP7mN2bW5';
    const log = await captured(() => t.ds.query(`SELECT 1 FROM email_token WHERE user_id = $1`, [token]));
    expect(log).toContain('query failed (code=22P02');
    expect(log).not.toContain(token);
  });

  it('answers 500 for a failed query reaching the error handler and logs it without values', async () => {
    const token = 'another-token-Zq8vR0xY3kP7mN2bW5-not-a-uuid';
    let error: unknown;
    await captured(async () => {
      error = await t.ds.query(`SELECT 1 FROM email_token WHERE user_id = $1`, [token]).catch((e: unknown) => e);
    });
    expect(error).toBeInstanceOf(QueryFailedError);
    // What the old logging wrote (the error's stack) quotes the value: PostgreSQL puts it in the message.
    expect((error as Error).stack).toContain(token);
    expect(loggableMessage(error)).toMatch(
      /^QueryFailedError \(code=22P02 routine=\w+\) in: SELECT 1 FROM email_token/,
    );

    const app = express();
    app.get('/', () => {
      throw error;
    });
    app.use(expressErrorHandler);
    const server = app.listen(0, '127.0.0.1');
    try {
      await new Promise((r) => server.once('listening', r));
      const { port } = server.address() as { port: number };
      let status = 0;
      const log = await captured(async () => {
        status = (await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'application/json' } })).status;
      });
      expect(status).toBe(500);
      expect(log).toContain('QueryFailedError (code=22P02');
      expect(log).not.toContain(token);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
