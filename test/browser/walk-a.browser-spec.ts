import { describeWalk } from '../support/walk-paths';

jest.setTimeout(150_000);

// ja en zh-Hans zh-Hant here, ko es vi tl in walk-b; each decision is walked in two languages of each file.
describeWalk([
  ['ja', 'approve'],
  ['en', 'deny'],
  ['zh-Hans', 'deny'],
  ['zh-Hant', 'approve'],
]);
