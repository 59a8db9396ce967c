import type { Language } from '@app/platform';
import { walkExtension } from '../support/walk-paths';
import { useWalk } from '../support/walk';

jest.setTimeout(120_000);

// Issue 13's Done-when, the foreign national's path, in ja en zh-Hans zh-Hant (walk-extension-b: ko es vi tl; walk-coe:
// institution staff). Both decisions are walked, each in two languages of each file.
describe('a foreign national files an extension and follows it to the decision, in Chromium (ja en zh-Hans zh-Hant)', () => {
  const w = useWalk();

  it.each<[Language, 'approve' | 'deny']>([
    ['ja', 'approve'],
    ['en', 'deny'],
    ['zh-Hans', 'approve'],
    ['zh-Hant', 'deny'],
  ])('in %s (the officer decides: %s)', (lng, decision) => walkExtension(w, lng, decision));
});
