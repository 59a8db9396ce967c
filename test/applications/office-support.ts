import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { Application, DocumentsRepository } from '@app/applications';
import { DOCUMENT_STORAGE, DocumentStorage, newDocumentKey } from '@app/storage';
import { csrfOf } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, testConfig, usePortal } from '../support/apps';
import { loggedInOfficer, makeOfficer, TestOfficer } from '../support/factories';
import { Agent } from '../support/http';

// Enough of each format for the content checks (JPEG FF D8 FF, PDF %PDF-) and for a browser to show.
export const JPEG_BYTES = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** The portal (for the filers and their receipt ledger) and an office on one database, two officers signed in. */
export function useOffice() {
  const t = usePortal();
  const ctx = {} as {
    portal: typeof t.portal;
    office: Running<NestExpressApplication>;
    db: DataSource;
    a: TestOfficer;
    b: TestOfficer;
    agentA: Agent;
    agentB: Agent;
  };
  beforeAll(async () => {
    ctx.portal = t.portal;
    const dir = mkdtempSync(join(tmpdir(), 'office-docs-'));
    ctx.office = await startOffice(testConfig(t.dbUrl, { ...FAST_ACCOUNTS, DOCUMENT_STORAGE_DIR: dir }));
    ctx.db = ctx.office.app.get(DataSource);
    ctx.a = await makeOfficer(ctx.office, { label: 'exam-a' });
    ctx.b = await makeOfficer(ctx.office, { label: 'exam-b' });
    ctx.agentA = await loggedInOfficer(ctx.office, ctx.a);
    ctx.agentB = await loggedInOfficer(ctx.office, ctx.b);
  });
  afterAll(() => ctx.office?.close());
  return ctx;
}

/** A document of `app` with real bytes in the office's storage, as a submission leaves it. */
export async function addDocument(
  office: Running<NestExpressApplication>,
  app: Application,
  kind: 'jpeg' | 'pdf',
  item = kind === 'jpeg' ? 'photo' : 'other',
) {
  const bytes = kind === 'jpeg' ? JPEG_BYTES : PDF_BYTES;
  const stored = await office.app
    .get<DocumentStorage>(DOCUMENT_STORAGE)
    .put(newDocumentKey(), Readable.from([bytes]), { maxBytes: 1_000_000 });
  return office.app.get(DocumentsRepository).insert(office.app.get(DataSource).manager, {
    applicationId: app.id,
    item,
    storageKey: stored.key,
    sha256: stored.sha256,
    size: stored.size,
    kind,
    originalName: kind === 'jpeg' ? 'photo.jpg' : 'passport.pdf',
    uploadedBy: app.filerId,
    uploadedAt: office.clock.now(),
  });
}

/** Presses an action on the application's page: its own CSRF token, `fields` as typed. */
export async function press(agent: Agent, number: string, action: string, fields: Record<string, string> = {}) {
  const page = await agent.get(`/applications/${number}`);
  expect(page.status).toBe(200);
  return agent.post(`/applications/${number}/${action}`, { _csrf: csrfOf(page.text), ...fields });
}
