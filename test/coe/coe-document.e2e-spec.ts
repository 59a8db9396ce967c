import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CoeService, ReminderSweep } from '@app/coe';
import { MailDispatcher } from '@app/mail';
import { queryRows } from '@app/platform';
import { uniqueEmail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { makeCoe, makeUser } from '../support/factories';
import { mailsTo } from '../support/mail-catcher';

const jst = (s: string) => new Date(`${s}+09:00`);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const ISSUE = {
  holderNameEn: 'LE VAN BINH',
  nationality: 'VNM',
  dateOfBirth: '2000-05-06',
  gender: 'male' as const,
  statusOfResidence: 'student',
  issuingOffice: '大阪出入国在留管理局',
};

/** The PDF MailDev received with each mail to `email`, oldest first. */
async function attachedPdfs(email: string): Promise<Buffer[]> {
  const api = process.env.TEST_MAILDEV_URL!;
  const mails = (await mailsTo(email)) as unknown as { id: string; attachments: { generatedFileName: string }[] }[];
  return Promise.all(
    mails.map(async (m) => {
      expect(m.attachments).toHaveLength(1);
      const res = await fetch(
        `${api}/email/${m.id}/attachment/${encodeURIComponent(m.attachments[0].generatedFileName)}`,
      );
      expect(res.ok).toBe(true);
      return Buffer.from(await res.arrayBuffer());
    }),
  );
}

describe('the e-COE PDF is made once, at issuance, and stored (issue 11)', () => {
  const t = usePortal();
  const db = () => t.portal.app.get(DataSource);
  const coes = () => t.portal.app.get(CoeService);
  afterEach(() => jest.restoreAllMocks());

  const documentOf = async (coeId: string) => {
    const [row] = await queryRows<{ document_sha256: string | null; bytes: Buffer | null; size: number | null }>(
      db(),
      `SELECT c.document_sha256, d.bytes, d.size FROM coe c LEFT JOIN coe_document d ON d.sha256 = c.document_sha256
       WHERE c.id = $1`,
      [coeId],
    );
    return row;
  };

  it('attaches the stored bytes to the issue mail and every reminder, rendering the PDF once', async () => {
    t.portal.clock.set(jst('2025-07-01T10:00:00'));
    const user = await makeUser(t.portal, { lng: 'en', email: uniqueEmail('pdf-once') });
    const render = jest.spyOn(coes(), 'pdfFor');
    const issuedAt = jst('2025-07-02T10:00:00');
    t.portal.clock.set(issuedAt);
    const coe = await coes().issue({ ...ISSUE, recipientUserId: user.loginId }, 'officer:test');
    expect((await t.portal.app.get(MailDispatcher).flush()).failed).toBe(0);
    for (let week = 1; week <= 3; week++) {
      const at = new Date(issuedAt.getTime() + week * 7 * 24 * 3600_000);
      t.portal.clock.set(at);
      expect((await t.portal.app.get(ReminderSweep).run(at)).queued).toBeGreaterThanOrEqual(1);
      expect((await t.portal.app.get(MailDispatcher).flush()).failed).toBe(0);
    }

    const stored = await documentOf(coe.id);
    expect(stored.document_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.bytes!.subarray(0, 5).toString()).toBe('%PDF-');
    expect(stored.size).toBe(stored.bytes!.length);
    expect(sha256(stored.bytes!)).toBe(stored.document_sha256);
    const pdfs = await attachedPdfs(user.email);
    expect(pdfs).toHaveLength(4); // the issue mail and three reminders
    for (const pdf of pdfs) {
      expect(pdf.equals(stored.bytes!)).toBe(true);
      expect(sha256(pdf)).toBe(stored.document_sha256);
    }
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('keeps the document on revocation (the PDF does not show it) and never lets a stored one change', async () => {
    const user = await makeUser(t.portal, { lng: 'ja', email: uniqueEmail('pdf-revoke') });
    const coe = await coes().issue({ ...ISSUE, recipientUserId: user.loginId }, 'officer:test');
    const before = await documentOf(coe.id);
    await coes().revoke(coe.number, 'issued in error', 'officer:test');
    const after = await documentOf(coe.id);
    expect(after.document_sha256).toBe(before.document_sha256);
    expect(after.bytes!.equals(before.bytes!)).toBe(true);
    await expect(
      db().query(`UPDATE coe_document SET bytes = '\\x00'::bytea WHERE sha256 = $1`, [before.document_sha256]),
    ).rejects.toThrow(/never changed/);
    expect((await documentOf(coe.id)).bytes!.equals(before.bytes!)).toBe(true);
  });

  it('still refuses a certificate it cannot print, saving nothing', async () => {
    const user = await makeUser(t.portal, { lng: 'en', email: uniqueEmail('pdf-unprintable') });
    const count = async () => {
      const [r] = await queryRows<{ coes: number; documents: number; mails: number }>(
        db(),
        `SELECT (SELECT count(*)::int FROM coe WHERE recipient_id = $1) AS coes,
                (SELECT count(*)::int FROM coe_document) AS documents,
                (SELECT count(*)::int FROM mail_outbox WHERE to_address = $2) AS mails`,
        [user.id, user.email],
      );
      return r;
    };
    const before = await count();
    await expect(
      coes().issue({ ...ISSUE, holderNameEn: 'LE VAN \u{1F600}', recipientUserId: user.loginId }, 'officer:test'),
    ).rejects.toMatchObject({ message: 'coe:validation.unprintable' });
    expect(await count()).toEqual({ ...before, coes: 0, mails: 0 });
  });

  it('gives a certificate stored without a document one on its first mail, and keeps it', async () => {
    const user = await makeUser(t.portal, { lng: 'en', email: uniqueEmail('pdf-backfill') });
    const coe = await makeCoe(t.portal, user); // as rows issued before documents were stored
    expect((await documentOf(coe.id)).document_sha256).toBeNull();
    const render = jest.spyOn(coes(), 'pdfFor');
    const recipient = { ...user, passwordHash: '' };
    for (const template of ['coe/issued', 'coe/reminder'] as const) {
      await db().transaction((m) => coes().queueCertificateMail(coe, recipient, template, m));
      expect((await t.portal.app.get(MailDispatcher).flush()).failed).toBe(0);
    }
    const stored = await documentOf(coe.id);
    expect(sha256(stored.bytes!)).toBe(stored.document_sha256);
    const pdfs = await attachedPdfs(user.email);
    expect(pdfs).toHaveLength(2);
    for (const pdf of pdfs) expect(pdf.equals(stored.bytes!)).toBe(true);
    expect(render).toHaveBeenCalledTimes(1);
  });
});
