import { describeWalk } from '../support/walk-paths';

jest.setTimeout(150_000);

// ko es vi tl here, ja en zh-Hans zh-Hant in walk-a; each decision is walked in two languages of each file.
describeWalk([
  ['ko', 'approve'],
  ['es', 'deny'],
  ['vi', 'deny'],
  ['tl', 'approve'],
]);
