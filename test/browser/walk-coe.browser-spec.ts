import { LANGUAGE_CODES } from '@app/platform';
import { walkCoe } from '../support/walk-paths';
import { useWalk } from '../support/walk';

jest.setTimeout(120_000);

// Issue 13's Done-when, the institution staff's path (walk-extension-a/b: the foreign national's).
describe('institution staff file a COE application that puts the e-COE in their receipt ledger, in Chromium', () => {
  const w = useWalk();

  it.each([...LANGUAGE_CODES])('in %s', (lng) => walkCoe(w, lng));
});
