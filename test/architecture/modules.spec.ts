import 'reflect-metadata';
import * as accounts from '@app/accounts';
import * as announcements from '@app/announcements';
import * as audit from '@app/audit';
import * as auth from '@app/auth';
import * as coe from '@app/coe';
import * as mail from '@app/mail';
import * as mypage from '@app/mypage';
import * as officers from '@app/officers';
import * as session from '@app/session';

const barrels = { accounts, announcements, audit, auth, coe, mail, mypage, officers, session };

/** Nest modules of the feature libraries, by name. */
const modules = Object.values(barrels).flatMap((b) =>
  Object.values(b as Record<string, unknown>).filter(
    (v): v is abstract new () => unknown => typeof v === 'function' && v.name.endsWith('Module'),
  ),
);

/**
 * A module that re-exports the modules it imports hides the real dependency graph: its importers use
 * services they never asked for. Each module exports only its own providers.
 */
describe('Nest modules', () => {
  it('finds the feature modules', () => expect(modules.length).toBeGreaterThanOrEqual(9));

  it.each(modules.map((m) => [m.name, m]))('%s exports no other module', (_name, m) => {
    const exported = (Reflect.getMetadata('exports', m) ?? []) as unknown[];
    const reexported = exported.filter((e) => typeof e === 'function' && e.name.endsWith('Module'));
    expect(reexported.map((e) => (e as { name: string }).name)).toEqual([]);
  });
});
