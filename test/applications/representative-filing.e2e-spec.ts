import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { DataSource } from 'typeorm';
import type { Category } from '@app/accounts';
import { queryRows } from '@app/platform';
import { pageLines } from '../../libs/applications/src/pdf/pdf-reader.testing';
import { csrfOf } from '../support/accounts';
import { usePortal } from '../support/apps';
import { loggedInAgent, makeUser } from '../support/factories';
import { Agent } from '../support/http';
import { EXTENSION_FORM, PHOTO_AND_TWO_PDFS, postForm, startDraft, upload } from './filing-pages';

/** The PDF at `path` as a reader sees it: every line of text, page after page. */
async function pdfText(agent: Agent, base: string, path: string): Promise<string> {
  const res = await fetch(base + path, { headers: { cookie: `ro.sid=${agent.cookie('ro.sid')}` } });
  expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, 'application/pdf']);
  const doc = await PDFDocument.load(Buffer.from(await res.arrayBuffer()), { updateMetadata: false });
  return pageLines(doc).flat().join('\n');
}

/** The value lines of the row whose English label is `label` (labels print in Japanese over English). */
const rowAfter = (text: string, label: string): string | undefined =>
  text.split('\n')[text.split('\n').indexOf(label) + 1];

const CASES: { category: Category; role: string; roleText: string; name: string }[] = [
  { category: 'lawyer', role: 'administrative_scrivener', roleText: '行政書士 / Gyoseishoshi', name: 'SUZUKI ICHIRO' },
  { category: 'legal_representative', role: 'parent', roleText: '親 / Parent', name: 'SANTOS JOSE' },
];

describe('a lawyer or legal representative files for an applicant (issue 13, item 2)', () => {
  const t = usePortal({ DOCUMENT_STORAGE_DIR: mkdtempSync(join(tmpdir(), 'representative-docs-')) });

  it.each(CASES)(
    '$category: asked the representative as the procedure defines; 「—」 for what is not asked',
    async (c) => {
      const user = await makeUser(t.portal, { category: c.category, nameEn: c.name });
      const agent = await loggedInAgent(t.portal, user);
      const draft = await startDraft(agent, 'extension', {
        applicantInJapan: 'yes',
        residenceCard: 'yes',
        status: EXTENSION_FORM.wantedStatus,
      });

      const form = await agent.get(draft);
      expect(form.status).toBe(200);
      for (const asked of ['representativeName', 'representativeRole', 'representativePhone'])
        expect(form.text).toContain(`id="${asked}"`);
      // Not asked of a representative: an address of their own, or an organisation.
      for (const notAsked of ['representativeAddress', 'organisationName', 'organisationAddress', 'organisationPhone'])
        expect(form.text).not.toContain(`id="${notAsked}"`);
      // The applicant is someone else: their name is not prefilled with the filer's.
      expect(form.text).not.toContain(`value="${c.name}"`);

      const missing = await postForm(agent, draft, EXTENSION_FORM);
      expect(missing.status).toBe(422);
      for (const field of ['representativeName', 'representativeRole', 'representativePhone'])
        expect(missing.text).toContain(`id="${field}-error"`);

      const representative = {
        representativeName: c.name,
        representativeRole: c.role,
        representativePhone: '0312345678',
      };
      // A crafted post cannot store what is not asked.
      const next = await postForm(agent, draft, { ...EXTENSION_FORM, ...representative, organisationName: 'CRAFTED' });
      expect(next.status).toBe(303);
      expect((await upload(agent, draft, PHOTO_AND_TWO_PDFS)).status).toBe(303);

      const review = await agent.get(`${draft}/review`);
      expect(review.status).toBe(200);
      const draftPdf = await pdfText(agent, t.portal.url, `${draft}/application-form.pdf`);

      const done = await agent.post(`${draft}/submit`, { _csrf: csrfOf(review.text) });
      expect(done.status).toBe(303);
      const number = /^\/applications\/submitted\/(.+)$/.exec(done.headers.get('location')!)![1];
      const [row] = await queryRows<{
        filer_id: string;
        name_en: string;
        organisation: unknown;
        representative: unknown;
      }>(
        t.portal.app.get(DataSource),
        `SELECT filer_id, name_en, organisation, representative FROM application WHERE number = $1`,
        [number],
      );
      expect(row).toEqual({
        filer_id: user.id,
        name_en: EXTENSION_FORM.nameEn,
        organisation: null,
        representative: { name: c.name, role: c.role, phone: '0312345678' },
      });
      // The application page names the representative with their qualification or relationship.
      const page = await agent.get(`/applications/${number}?lng=ja`);
      expect(page.text).toContain(`${c.name} (${c.roleText.split(' / ')[0]})<br>0312345678`);
      const filedPdf = await pdfText(agent, t.portal.url, `/applications/${number}/application-form.pdf`);

      for (const text of [draftPdf, filedPdf]) {
        expect(text).toContain(EXTENSION_FORM.nameEn);
        expect(rowAfter(text, 'Representative')).toBe(c.name);
        expect(rowAfter(text, 'Qualification or relationship')).toBe(c.roleText);
        expect(rowAfter(text, 'Representative phone')).toBe('0312345678');
        // The representative's address is not asked: a dash, never an empty box or a placeholder.
        expect(rowAfter(text, 'Representative address')).toBe('—');
        for (const placeholder of ['undefined', 'null', 'CRAFTED', '所属機関']) expect(text).not.toContain(placeholder);
      }
    },
    // The whole filing and two PDFs rendered, on a shared machine.
    90_000,
  );
});
