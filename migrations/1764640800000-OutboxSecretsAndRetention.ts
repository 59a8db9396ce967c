import { MigrationInterface, QueryRunner } from 'typeorm';

/** The templates whose bodies held a live one-time link before the outbox kept such links apart. */
const LINK_TEMPLATES = ['accounts/register-link', 'accounts/reset-link', 'mypage/email-verify'];

// As Handlebars escapes a value in the HTML part (the dispatcher fills links the same way).
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};
const escapeHtml = (s: string) => s.replace(/[&<>"'`=]/g, (c) => HTML_ESCAPES[c]);

/** The slot libs/mail's secretSlot('url') makes (the three link templates call their secret `url`). */
const SLOT = '[[secret:url]]';

/**
 * One-time links leave the stored mail text: `mail_outbox.secrets` holds them only until the mail is
 * sent or given up, and the bodies of old sent mails may be emptied by the retention job (so they become
 * nullable). Indexes let that job find its rows in bounded batches.
 */
export class OutboxSecretsAndRetention1764640800000 implements MigrationInterface {
  name = 'OutboxSecretsAndRetention1764640800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mail_outbox" ADD COLUMN "secrets" jsonb`);
    await q.query(`ALTER TABLE "mail_outbox" ALTER COLUMN "text_body" DROP NOT NULL`);
    await q.query(`ALTER TABLE "mail_outbox" ALTER COLUMN "html_body" DROP NOT NULL`);
    // Links mailed before this change are still in the text of mails already gone; nobody reads those bodies.
    await q.query(
      `UPDATE "mail_outbox" SET "text_body" = NULL, "html_body" = NULL
        WHERE "status" IN ('sent', 'failed', 'cancelled') AND "template" = ANY($1)`,
      [LINK_TEMPLATES],
    );
    // Link mails still waiting: the link moves from their text into `secrets`, as if queued today.
    const waiting = (await q.query(
      `SELECT id, subject, text_body AS text, html_body AS html FROM "mail_outbox"
        WHERE "status" IN ('pending', 'sending') AND "template" = ANY($1)`,
      [LINK_TEMPLATES],
    )) as { id: string; subject: string; text: string; html: string }[];
    for (const mail of waiting) {
      const url = /https?:\/\/[^\s"<]+\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
      if (!url) continue;
      const slotted = (s: string, shown: string) => s.split(shown).join(SLOT);
      await q.query(`UPDATE "mail_outbox" SET text_body = $2, html_body = $3, secrets = $4 WHERE id = $1`, [
        mail.id,
        slotted(mail.text, url),
        slotted(mail.html, escapeHtml(url)),
        JSON.stringify({ url }),
      ]);
    }
    await q.query(
      `CREATE INDEX "mail_outbox_sent_body_idx" ON "mail_outbox" ("sent_at") WHERE "status" = 'sent' AND "text_body" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "email_token_used_idx" ON "email_token" ("used_at") WHERE "used_at" IS NOT NULL`);
    await q.query(`CREATE INDEX "throttle_expire_idx" ON "throttle" ("expire")`);
    await q.query(`CREATE INDEX "idempotency_key_created_idx" ON "idempotency_key" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idempotency_key_created_idx"`);
    await q.query(`DROP INDEX "throttle_expire_idx"`);
    await q.query(`DROP INDEX "email_token_used_idx"`);
    await q.query(`DROP INDEX "mail_outbox_sent_body_idx"`);
    // Mails still waiting get their links back in the text, as the old dispatcher sends the text as it is.
    const waiting = (await q.query(
      `SELECT id, secrets, subject, text_body AS text, html_body AS html FROM "mail_outbox" WHERE "secrets" IS NOT NULL`,
    )) as { id: string; secrets: Record<string, string>; subject: string; text: string; html: string }[];
    for (const mail of waiting) {
      const fill = (s: string, html: boolean) =>
        Object.entries(mail.secrets).reduce(
          (acc, [name, value]) => acc.split(`[[secret:${name}]]`).join(html ? escapeHtml(value) : value),
          s,
        );
      await q.query(`UPDATE "mail_outbox" SET subject = $2, text_body = $3, html_body = $4 WHERE id = $1`, [
        mail.id,
        fill(mail.subject, false),
        fill(mail.text, false),
        fill(mail.html, true),
      ]);
    }
    await q.query(`UPDATE "mail_outbox" SET "text_body" = '' WHERE "text_body" IS NULL`);
    await q.query(`UPDATE "mail_outbox" SET "html_body" = '' WHERE "html_body" IS NULL`);
    await q.query(`ALTER TABLE "mail_outbox" ALTER COLUMN "html_body" SET NOT NULL`);
    await q.query(`ALTER TABLE "mail_outbox" ALTER COLUMN "text_body" SET NOT NULL`);
    await q.query(`ALTER TABLE "mail_outbox" DROP COLUMN "secrets"`);
  }
}
