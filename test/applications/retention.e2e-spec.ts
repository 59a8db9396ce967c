import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import {
  ApplicationDraftsService,
  ApplicationFilingService,
  ApplicationsModule,
  ApplicationsRetentionModule,
  DocumentsRepository,
  type StoredUpload,
  uploadedDocument,
} from '@app/applications';
import { OfficersModule } from '@app/officers';
import { Clock, DAY_MS, ManualClock, PlatformModule, queryRows, Retention } from '@app/platform';
import { DOCUMENT_STORAGE, FilesystemStorage, newDocumentKey } from '@app/storage';
import { FAST_ACCOUNTS, testConfig } from '../support/apps';
import { makeApplication, makeUser } from '../support/factories';
import { createTestDatabase } from '../support/test-postgres';
import { eventsOf } from './support';

const T = new Date('2026-06-01T00:00:00Z').getTime();
const at = (ms: number) => new Date(T + ms);
const MINUTE = 60_000;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const PDF = Buffer.from('%PDF-1.7\n%test\n');

/** A storage whose delete fails for the keys in `failing` (S3 or the disk gone for a moment). */
class FlakyStorage extends FilesystemStorage {
  readonly failing = new Set<string>();
  override async delete(key: string): Promise<void> {
    if (this.failing.has(key)) throw new Error('storage unavailable');
    return super.delete(key);
  }
}

describe('retention of drafts and of withdrawn applications’ documents (issue 13.5)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const clock = new ManualClock(at(0));
  const dir = mkdtempSync(join(tmpdir(), 'retention-docs-'));
  const storage = new FlakyStorage(dir);
  const contexts: INestApplicationContext[] = [];
  let app: INestApplicationContext;
  let ds: DataSource;

  // Batches of 2, so that each table needs several statements; every context shares the one storage.
  async function context(env: NodeJS.ProcessEnv = {}): Promise<INestApplicationContext> {
    const ref = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({ config: testConfig(db.url, { ...FAST_ACCOUNTS, RETENTION_BATCH_SIZE: '2', ...env }) }),
        ApplicationsModule,
        ApplicationsRetentionModule,
        OfficersModule,
      ],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .overrideProvider(DOCUMENT_STORAGE)
      .useValue(storage)
      .compile();
    ref.useLogger(false);
    const c = await ref.init();
    contexts.push(c);
    return c;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await context();
    ds = app.get(DataSource);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    storage.failing.clear();
    clock.set(at(0));
    await ds.query(`TRUNCATE application_draft, application, document_purge CASCADE`);
  });

  async function stored(bytes: Buffer, kind: 'jpeg' | 'pdf'): Promise<StoredUpload> {
    const put = await storage.put(newDocumentKey(), Readable.from([bytes]), { maxBytes: 1000 });
    return { ...put, kind, originalName: kind === 'jpeg' ? 'photo.jpg' : 'passport.pdf' };
  }

  /** A draft last touched at `touched`, with a photo and a PDF in storage; returns it and the keys. */
  async function draftTouchedAt(filer: { id: string }, touched: Date) {
    const drafts = app.get(ApplicationDraftsService);
    clock.set(touched);
    const draft = await drafts.create(filer.id, 'extension', {
      applicantInJapan: 'yes',
      residenceCard: 'yes',
      status: 'engineer_specialist_in_humanities_international_services',
    });
    const files = [await stored(JPEG, 'jpeg'), await stored(PDF, 'pdf')];
    await drafts.attachDocument(filer.id, draft.id, 'photo', files[0]);
    await drafts.attachDocument(filer.id, draft.id, 'other', files[1]);
    clock.set(at(0));
    return { id: draft.id, keys: files.map((f) => f.key) };
  }

  async function withDocuments(applicationId: string, filerId: string, n: number): Promise<string[]> {
    const keys: string[] = [];
    for (let i = 0; i < n; i++) {
      const file = await stored(PDF, 'pdf');
      await ds.transaction((m) =>
        app
          .get(DocumentsRepository)
          .insert(m, { ...uploadedDocument('other', file, filerId, clock.now()), applicationId }),
      );
      keys.push(file.key);
    }
    return keys;
  }

  const exist = async (keys: string[]) => Promise.all(keys.map((k) => storage.exists(k)));
  const draftIds = async () =>
    (await queryRows<{ id: string }>(ds, `SELECT id FROM application_draft`)).map((r) => r.id);
  const queued = async () =>
    (await queryRows<{ storage_key: string }>(ds, `SELECT storage_key FROM document_purge`)).map((r) => r.storage_key);
  const run = async (on = app) => {
    const r = await on.get(Retention).run();
    return { drafts: r.application_draft, withdrawn: r.application_document, objects: r.document_purge };
  };

  it('deletes a draft untouched for exactly 30 days with its documents and objects; 29 d 23 h 59 m and yesterday stay', async () => {
    const filer = await makeUser(app, { category: 'foreign_national' });
    const due = await draftTouchedAt(filer, at(-30 * DAY_MS));
    const older = await draftTouchedAt(filer, at(-45 * DAY_MS));
    const inside = await draftTouchedAt(filer, at(-30 * DAY_MS + MINUTE));
    const yesterday = await draftTouchedAt(filer, at(-DAY_MS));

    expect(await run()).toEqual({ drafts: 2, withdrawn: 0, objects: 4 });
    expect((await draftIds()).sort()).toEqual([inside.id, yesterday.id].sort());
    expect(await exist([...due.keys, ...older.keys])).toEqual([false, false, false, false]);
    expect(await exist([...inside.keys, ...yesterday.keys])).toEqual([true, true, true, true]);
    const left = await queryRows<{ draft_id: string }>(ds, `SELECT draft_id FROM application_document`);
    expect(left.map((r) => r.draft_id).sort()).toEqual([inside.id, inside.id, yesterday.id, yesterday.id].sort());
    expect(await queued()).toEqual([]);

    // A minute later the one at 29 d 23 h 59 m is due; the one touched yesterday still is not.
    clock.set(at(MINUTE));
    expect(await run()).toEqual({ drafts: 1, withdrawn: 0, objects: 2 });
    expect(await draftIds()).toEqual([yesterday.id]);
    expect(await exist(inside.keys)).toEqual([false, false]);
  });

  it('touching a draft (saving it) starts its 30 days again', async () => {
    const filer = await makeUser(app, { category: 'foreign_national' });
    const draft = await draftTouchedAt(filer, at(-40 * DAY_MS));
    clock.set(at(-DAY_MS));
    await app.get(ApplicationDraftsService).save(filer.id, draft.id, { nameEn: 'NGUYEN VAN AN' });
    clock.set(at(0));
    expect((await run()).drafts).toBe(0);
    expect(await draftIds()).toEqual([draft.id]);
    expect(await exist(draft.keys)).toEqual([true, true]);
  });

  it('deletes the documents of a withdrawn application at the next run; the application and its history stay', async () => {
    const filer = await makeUser(app, { category: 'foreign_national' });
    const withdrawn = await makeApplication(app, filer, { submittedAt: at(-3 * DAY_MS) });
    await ds.query(`UPDATE application SET status = 'withdrawn', withdrawn_at = $2 WHERE id = $1`, [
      withdrawn.id,
      at(-1),
    ]);
    const open = await makeApplication(app, filer, { submittedAt: at(-3 * DAY_MS), status: 'examining' });
    const gone = await withDocuments(withdrawn.id, filer.id, 3);
    const kept = await withDocuments(open.id, filer.id, 2);
    const history = await eventsOf(ds, withdrawn.id);

    expect(await run()).toEqual({ drafts: 0, withdrawn: 1, objects: 3 });
    expect(await exist(gone)).toEqual([false, false, false]);
    expect(await exist(kept)).toEqual([true, true]);
    const view = await app.get(ApplicationFilingService).getOwn(filer.id, withdrawn.number);
    expect(view.application).toMatchObject({ status: 'withdrawn', documentsPurgedAt: at(0) });
    expect(view.documents).toEqual([]);
    expect(await eventsOf(ds, withdrawn.id)).toEqual(history);
    expect((await app.get(ApplicationFilingService).getOwn(filer.id, open.number)).documents).toHaveLength(2);

    // Marked purged, it is not read again.
    expect(await run()).toEqual({ drafts: 0, withdrawn: 0, objects: 0 });
  });

  it('keeps a withdrawn application’s documents for WITHDRAWN_DOCUMENTS_RETENTION_DAYS when set', async () => {
    const week = await context({ WITHDRAWN_DOCUMENTS_RETENTION_DAYS: '7' });
    const filer = await makeUser(app, { category: 'foreign_national' });
    const keys: Record<string, string[]> = {};
    for (const [label, withdrawnAt] of [
      ['due', at(-7 * DAY_MS)],
      ['inside', at(-7 * DAY_MS + MINUTE)],
    ] as const) {
      const a = await makeApplication(app, filer, { submittedAt: at(-10 * DAY_MS) });
      await ds.query(`UPDATE application SET status = 'withdrawn', withdrawn_at = $2 WHERE id = $1`, [
        a.id,
        withdrawnAt,
      ]);
      keys[label] = await withDocuments(a.id, filer.id, 1);
    }
    expect(await run(week)).toEqual({ drafts: 0, withdrawn: 1, objects: 1 });
    expect(await exist([...keys.due, ...keys.inside])).toEqual([false, true]);
    clock.set(at(MINUTE));
    expect((await run(week)).withdrawn).toBe(1);
    expect(await exist(keys.inside)).toEqual([false]);
  });

  it('a storage failure leaves no row pointing at nothing: the key stays queued and the next run deletes it', async () => {
    const filer = await makeUser(app, { category: 'foreign_national' });
    const draft = await draftTouchedAt(filer, at(-31 * DAY_MS));
    storage.failing.add(draft.keys[1]);

    expect(await run()).toEqual({ drafts: 1, withdrawn: 0, objects: 1 });
    expect(await draftIds()).toEqual([]);
    expect(await queryRows(ds, `SELECT id FROM application_document`)).toEqual([]);
    expect(await queued()).toEqual([draft.keys[1]]);
    expect(await exist(draft.keys)).toEqual([false, true]);

    storage.failing.clear();
    expect(await run()).toEqual({ drafts: 0, withdrawn: 0, objects: 1 });
    expect(await queued()).toEqual([]);
    expect(await exist(draft.keys)).toEqual([false, false]);
  });

  it('lets three workers run at once, sharing drafts, applications and objects (SKIP LOCKED), none twice or left', async () => {
    const filer = await makeUser(app, { category: 'foreign_national' });
    const keys: string[] = [];
    for (let i = 0; i < 12; i++) keys.push(...(await draftTouchedAt(filer, at(-31 * DAY_MS - i * MINUTE))).keys);
    for (let i = 0; i < 6; i++) {
      const a = await makeApplication(app, filer, { submittedAt: at(-3 * DAY_MS) });
      await ds.query(`UPDATE application SET status = 'withdrawn', withdrawn_at = $2 WHERE id = $1`, [a.id, at(-i)]);
      keys.push(...(await withDocuments(a.id, filer.id, 2)));
    }
    const workers = [app, await context(), await context()];
    const runs = await Promise.all(workers.map((w) => run(w)));
    const sum = (k: keyof (typeof runs)[0]) => runs.reduce((s, r) => s + r[k], 0);
    expect([sum('drafts'), sum('withdrawn'), sum('objects')]).toEqual([12, 6, 36]);
    expect(await draftIds()).toEqual([]);
    expect(await queued()).toEqual([]);
    expect((await exist(keys)).filter(Boolean)).toEqual([]);
    const purged = await queryRows<{ n: string }>(
      ds,
      `SELECT count(*) AS n FROM application WHERE documents_purged_at IS NOT NULL`,
    );
    expect(purged[0].n).toBe('6');
  });
});
