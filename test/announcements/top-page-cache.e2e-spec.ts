import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AnnouncementsRepository, AnnouncementsService } from '@app/announcements';
import { Running, startOffice, startPortal, testConfig } from '../support/apps';
import { Agent } from '../support/http';
import { createTestDatabase } from '../support/test-postgres';

const TTL = 5000;

/**
 * The top page's announcements kept in the portal process for TOP_PAGE_CACHE_MS (docs/decisions.md):
 * the office (another process, here another app with its own clock) publishes; the portal shows it
 * once its kept list is older than the TTL, and at once where only the clock changes what is shown.
 */
describe('top page announcements kept for TOP_PAGE_CACHE_MS', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let portal: Running<NestExpressApplication>;
  let office: Running<NestExpressApplication>;
  const top = async () => (await new Agent(portal.url).get('/')).text;
  const publish = (title: string, publishFrom: Date, publishUntil: Date | null = null) =>
    office.app
      .get(AnnouncementsService)
      .create({ title: { ja: title }, body: { ja: '本文' }, publishFrom, publishUntil }, 'test');

  beforeAll(async () => {
    db = await createTestDatabase();
    portal = await startPortal(testConfig(db.url, { TOP_PAGE_CACHE_MS: String(TTL) }));
    office = await startOffice(testConfig(db.url));
  });
  afterAll(async () => {
    await portal?.close();
    await office?.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await portal.app.get(DataSource).query('DELETE FROM announcement');
    // Past whatever the previous test kept: each test starts on a fresh read.
    portal.clock.advance(3_600_000);
  });

  it('shows an office publish once the kept list is TTL old, not before', async () => {
    const start = portal.clock.now().getTime();
    await publish('最初', new Date(start - 60_000));
    expect(await top()).toContain('最初');
    await publish('二番目', new Date(start - 30_000));
    portal.clock.advance(TTL - 1);
    expect(await top()).not.toContain('二番目');
    portal.clock.advance(1);
    expect(await top()).toContain('二番目');
  });

  it('shows a scheduled one at its start and drops an ended one at its end, inside the TTL', async () => {
    const start = portal.clock.now().getTime();
    await publish('予定', new Date(start + 1000));
    await publish('終わる', new Date(start - 60_000), new Date(start + 2000));
    const first = await top();
    expect(first).not.toContain('予定');
    expect(first).toContain('終わる');
    portal.clock.advance(999);
    expect(await top()).not.toContain('予定');
    portal.clock.advance(1);
    expect(await top()).toContain('予定');
    portal.clock.advance(999);
    expect(await top()).toContain('終わる');
    portal.clock.advance(1);
    expect(await top()).not.toContain('終わる');
  });

  it('reads again when the clock is set back, and keeps no failed read', async () => {
    const start = portal.clock.now().getTime();
    await publish('過去', new Date(start - 60_000));
    expect(await top()).toContain('過去');
    await publish('追加', new Date(start - 120_000));
    portal.clock.set(new Date(start - 1));
    expect(await top()).toContain('追加');

    const ds = portal.app.get(DataSource);
    portal.clock.advance(TTL);
    await ds.query('ALTER TABLE announcement RENAME TO announcement_away');
    try {
      expect((await new Agent(portal.url).get('/')).status).toBe(500);
    } finally {
      await ds.query('ALTER TABLE announcement_away RENAME TO announcement');
    }
    expect(await top()).toContain('追加');
  });

  it('serves concurrent views of an expired list from one read, all with the new list', async () => {
    const start = portal.clock.now().getTime();
    expect(await top()).not.toContain('同時');
    await publish('同時', new Date(start - 60_000));
    portal.clock.advance(TTL);
    // Counts the calls and lets each through to PostgreSQL.
    const reads = jest.spyOn(portal.app.get(AnnouncementsRepository), 'latestPublished');
    try {
      const pages = await Promise.all(Array.from({ length: 20 }, () => top()));
      for (const page of pages) expect(page).toContain('同時');
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });
});
