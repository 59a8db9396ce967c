import type { Language } from '@app/platform';
import { walkCoe, walkExtension } from '../support/walk-paths';
import { useWalk } from '../support/walk';

jest.setTimeout(150_000);

// Issue 13's Done-when in Chromium, in ko es vi tl (walk-a: ja en zh-Hans zh-Hant: the two files run side by side).
// Each decision is walked in two languages of each file.
describe('the Done-when path of issue 13 by the visible UI (ko es vi tl)', () => {
  const w = useWalk();

  it.each<[Language, 'approve' | 'deny']>([
    ['ko', 'approve'],
    ['es', 'deny'],
    ['vi', 'deny'],
    ['tl', 'approve'],
  ])(
    'a foreign national finds and files an extension, answers a request and is told the decision, in %s (%s)',
    (lng, decision) => walkExtension(w, lng, decision),
  );

  it.each<Language>(['ko', 'es', 'vi', 'tl'])(
    'institution staff file a COE application whose e-COE lands in their receipt ledger, in %s',
    (lng) => walkCoe(w, lng),
  );
});
