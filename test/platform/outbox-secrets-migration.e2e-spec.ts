import { queryRows } from '@app/platform';
import { useTestDataSource } from '../support/test-postgres';

const NAME = 'OutboxSecretsAndRetention1764640800000';
const LINK = 'http://localhost:3000/reset-password?token=abcDEF_123-xyz';

/** Issue 10's outbox migration goes down and up again with mails in place. */
describe('migration: outbox secrets (down and up with data)', () => {
  const t = useTestDataSource();

  const applied = async () =>
    (await queryRows<{ name: string }>(t.ds, `SELECT name FROM schema_migrations`)).map((r) => r.name);
  const mails = () =>
    queryRows<{ to_address: string; text_body: string | null; html_body: string | null }>(
      t.ds,
      `SELECT to_address, text_body, html_body FROM mail_outbox ORDER BY id`,
    );

  it('going down puts the links of waiting mails back into their text, escaped in HTML', async () => {
    await t.ds.query(
      `INSERT INTO mail_outbox (to_address, template, lng, subject, text_body, html_body, next_attempt_at, created_at, secrets)
       VALUES ('waiting@example.test', 'accounts/reset-link', 'en', 's', 'open [[secret:url]]',
               '<a href="[[secret:url]]">[[secret:url]]</a>', now(), now(), $1),
              ('emptied@example.test', 'mail/test', 'en', 's', NULL, NULL, now(), now(), NULL)`,
      [JSON.stringify({ url: LINK })],
    );
    expect(await applied()).toContain(NAME);
    // Down to just before it (later migrations go down first).
    while ((await applied()).includes(NAME)) await t.ds.undoLastMigration();
    const escaped = LINK.replace('=', '&#x3D;');
    expect(await mails()).toEqual([
      {
        to_address: 'waiting@example.test',
        text_body: `open ${LINK}`,
        html_body: `<a href="${escaped}">${escaped}</a>`,
      },
      { to_address: 'emptied@example.test', text_body: '', html_body: '' },
    ]);
    expect(
      await queryRows(t.ds, `SELECT column_name FROM information_schema.columns WHERE column_name = 'secrets'`),
    ).toEqual([]);
  });

  it('going up empties link mails already sent and moves the link of a waiting one into its secrets', async () => {
    await t.ds.query(
      `INSERT INTO mail_outbox (to_address, template, lng, subject, text_body, html_body, status, next_attempt_at,
         created_at, sent_at)
       VALUES ('sent-link@example.test', 'accounts/reset-link', 'en', 's', $1, $1, 'sent', now(), now(), now()),
              ('sent-other@example.test', 'mail/test', 'en', 's', 'hello', 'hello', 'sent', now(), now(), now())`,
      [LINK],
    );
    await t.ds.runMigrations();
    expect(await applied()).toContain(NAME);
    const byAddress = Object.fromEntries((await mails()).map((m) => [m.to_address, m.text_body]));
    expect(byAddress['sent-link@example.test']).toBeNull();
    expect(byAddress['sent-other@example.test']).toBe('hello');
    expect(byAddress['waiting@example.test']).toBe('open [[secret:url]]');
    expect(
      await queryRows(t.ds, `SELECT html_body, secrets FROM mail_outbox WHERE to_address = 'waiting@example.test'`),
    ).toEqual([{ html_body: '<a href="[[secret:url]]">[[secret:url]]</a>', secrets: { url: LINK } }]);
  });
});
