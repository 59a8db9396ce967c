import { Client } from 'pg';

describe('the test PostgreSQL', () => {
  it('runs without durability when the tests start it themselves', async () => {
    const client = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await client.connect();
    try {
      const shown: Record<string, string> = {};
      for (const name of ['fsync', 'synchronous_commit', 'full_page_writes']) {
        shown[name] = ((await client.query(`SHOW ${name}`)).rows[0] as Record<string, string>)[name];
      }
      // A server given by DATABASE_URL is someone else's: the tests leave its settings as they are.
      const expected = process.env.DATABASE_URL
        ? shown
        : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };
      expect(shown).toEqual(expected);
    } finally {
      await client.end();
    }
  });
});
