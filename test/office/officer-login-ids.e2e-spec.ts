import type { NestExpressApplication } from '@nestjs/platform-express';
import { OfficersRepository } from '@app/officers';
import { Running, startOffice, testConfig } from '../support/apps';
import { makeOfficer } from '../support/factories';
import { createTestDatabase } from '../support/test-postgres';

/** The office pages name the officers on a page in one read (OfficersRepository.loginIdsOf). */
describe('loginIdsOf: the officers among a page’s ids, by uuid, ignoring ids that are not officers', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let office: Running<NestExpressApplication>;

  beforeAll(async () => {
    db = await createTestDatabase();
    office = await startOffice(testConfig(db.url));
  });
  afterAll(async () => {
    await office?.close();
    await db?.drop();
  });

  it('answers the officers only; a non-uuid (an audit actor such as "system") or an unknown uuid finds nothing', async () => {
    const [a, b] = [await makeOfficer(office, { label: 'ids-a' }), await makeOfficer(office, { label: 'ids-b' })];
    const ids = await office.app
      .get(OfficersRepository)
      .loginIdsOf([a.id, 'system', a.id, b.id, '00000000-0000-4000-8000-000000000000', 'x; DROP TABLE officer', '']);
    expect(Object.fromEntries(ids)).toEqual({ [a.id]: a.loginId, [b.id]: b.loginId });
  });

  it('answers an empty map for no ids or only non-uuids, without failing', async () => {
    const repo = office.app.get(OfficersRepository);
    expect((await repo.loginIdsOf([])).size).toBe(0);
    expect((await repo.loginIdsOf(['system', 'api-key:7'])).size).toBe(0);
  });
});
