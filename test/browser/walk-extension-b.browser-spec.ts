import type { Language } from '@app/platform';
import { walkExtension } from '../support/walk-paths';
import { useWalk } from '../support/walk';

jest.setTimeout(120_000);

// Issue 13's Done-when, the foreign national's path, in ko es vi tl (walk-extension-a: ja en zh-Hans zh-Hant; walk-coe:
// institution staff). Both decisions are walked, each in two languages of each file.
describe('a foreign national files an extension and follows it to the decision, in Chromium (ko es vi tl)', () => {
  const w = useWalk();

  it.each<[Language, 'approve' | 'deny']>([
    ['ko', 'approve'],
    ['es', 'deny'],
    ['vi', 'approve'],
    ['tl', 'deny'],
  ])('in %s (the officer decides: %s)', (lng, decision) => walkExtension(w, lng, decision));
});
