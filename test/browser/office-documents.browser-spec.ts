/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import type { Application } from '@app/applications';
import { queryRows } from '@app/platform';
import { DataSource } from 'typeorm';
import { addDocument } from '../applications/office-support';
import { makeApplication, makeUser } from '../support/factories';
import { useWalk } from '../support/walk';

jest.setTimeout(180_000);

/**
 * The office application page starts no PDF viewer until the officer asks for one (docs/decisions.md,
 * "PDFs on the office page open on request"): Chromium's viewer takes the keyboard focus when it starts,
 * so a page that opened every PDF at load moved the officer's focus unasked and lost key presses.
 */
describe('office application page: PDFs open on request, the keyboard focus stays where the officer put it', () => {
  const w = useWalk();
  let app: Application;
  let pdfIds: string[];
  let photoId: string;

  beforeAll(async () => {
    const user = await makeUser(w.portal);
    app = await makeApplication(w.office, user, { status: 'examining' });
    photoId = (await addDocument(w.office, app, 'jpeg')).id;
    pdfIds = [(await addDocument(w.office, app, 'pdf')).id, (await addDocument(w.office, app, 'pdf')).id];
  });

  const viewed = async () =>
    (
      await queryRows<{ document: string }>(
        w.office.app.get(DataSource),
        `SELECT details->>'document' AS document FROM audit_log
          WHERE event = 'application.document_viewed' AND details->>'number' = $1`,
        [app.number],
      )
    ).map((r) => r.document);

  /** Opens the page and records which documents the browser asked for. */
  const open = async (desk: Page) => {
    const asked: string[] = [];
    const listen = (r: { url(): string }) => {
      const m = /\/documents\/([0-9a-f-]{36})$/.exec(new URL(r.url()).pathname);
      if (m) asked.push(m[1]);
    };
    desk.on('request', listen);
    await desk.goto(`${w.office.url}/applications/${app.number}`);
    await desk.waitForLoadState('networkidle');
    return { asked, stop: () => desk.off('request', listen) };
  };

  it('loads the photo and no PDF at load; the focus put on an action stays there while the page settles', async () => {
    for (let round = 0; round < 3; round++) {
      const before = (await viewed()).length;
      const { asked, stop } = await open(w.desk);
      stop();
      expect(asked).toEqual([photoId]);
      expect(w.desk.frames().filter((f) => f.url().includes('/documents/'))).toEqual([]);
      expect(await w.desk.locator('details.document__viewer[open]').count()).toBe(0);
      await w.desk.locator('#approve').focus();
      await w.desk.waitForTimeout(1000);
      expect(await w.desk.evaluate(() => document.activeElement?.id)).toBe('approve');
      expect(await viewed()).toHaveLength(before + 1);
    }
  });

  it('by keyboard: Enter on a document’s summary shows that PDF in the page (audited), and only that one', async () => {
    const { asked, stop } = await open(w.desk);
    const before = await viewed();
    const item = w.desk.locator('li.document', { has: w.desk.locator('details.document__viewer') }).first();
    const viewer = item.locator('details.document__viewer');
    const id = await item.getAttribute('data-document');
    expect(pdfIds).toContain(id);
    await viewer.locator('summary').focus();
    await w.desk.keyboard.press('Enter');
    // The PDF viewer takes over the frame's response (Playwright does not always report it): the
    // request, the frame's URL and the audit entry show that the document was shown.
    let shown: string[] = [];
    for (let i = 0; i < 300 && !shown.length; i++) {
      if (i) await w.desk.waitForTimeout(100);
      shown = (await viewed()).slice(before.length);
    }
    expect(shown).toEqual([id]);
    stop();
    expect(await viewer.getAttribute('open')).toBe('');
    expect(asked).toEqual([photoId, id]);
    expect(await viewer.locator('summary').textContent()).toContain('passport.pdf');
    const frame = await (await viewer.locator('iframe').elementHandle()).contentFrame();
    expect(new URL(frame!.url()).pathname).toBe(`/applications/${app.number}/documents/${id}`);
  });

  it('keeps the actions in place while the photo loads (its box is sized before the image arrives)', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const photo = `**/applications/${app.number}/documents/${photoId}`;
    await w.desk.route(photo, async (route) => {
      await held;
      await route.continue();
    });
    try {
      await w.desk.goto(`${w.office.url}/applications/${app.number}`, { waitUntil: 'domcontentloaded' });
      // Measured once the page is styled (stylesheet and fonts in), as the officer sees it, photo still missing.
      await w.desk.waitForFunction(() =>
        Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')).every((l) => l.sheet !== null),
      );
      await w.desk.evaluate(() => document.fonts.ready.then(() => undefined));
      const img = w.desk.locator('img.document__image');
      expect(await img.evaluate((i: HTMLImageElement) => i.complete)).toBe(false);
      const before = await w.desk.locator('#approve').boundingBox();
      release();
      await w.desk.waitForFunction(() => {
        const i = document.querySelector<HTMLImageElement>('img.document__image');
        return !!i && i.complete && i.naturalWidth > 0;
      });
      const after = await w.desk.locator('#approve').boundingBox();
      expect(before).not.toBeNull();
      expect(after).toEqual(before);
    } finally {
      release();
      await w.desk.unroute(photo);
    }
  });
});
