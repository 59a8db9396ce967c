import { isLocalPath, withQuery, withQueryOf } from './url';

describe('withQuery', () => {
  it('adds a parameter', () => expect(withQuery('/announcements', 'lng', 'vi')).toBe('/announcements?lng=vi'));
  it('replaces and keeps others', () =>
    expect(withQuery('/announcements?page=2&lng=en', 'lng', 'ko')).toBe('/announcements?page=2&lng=ko'));

  // What URLSearchParams.set gives, parsing the path for every value, as the selector links were made.
  const reference = (path: string, name: string, value: string) => {
    const url = new URL(path, 'http://local');
    url.searchParams.set(name, value);
    return url.pathname + url.search;
  };
  it.each([
    '/',
    '/receipts',
    '/receipts?page=2500',
    '/receipts?lng=en&page=2&lng=ko&x=1',
    '/a/./b/../c?q=a+b%20c&lng=',
    '/search?q=%E6%97%A5%E6%9C%AC&theme=blue#top',
    '/p?=&&a&lng&b=1',
    '/日本?名前=値',
  ])('gives what URLSearchParams.set gives for %s', (path) => {
    for (const name of ['lng', 'theme'])
      for (const value of ['ja', 'zh-Hans', 'black', 'a b&c'])
        expect(withQueryOf(path, name)(value)).toBe(reference(path, name, value));
  });
});

describe('isLocalPath', () => {
  it.each([
    ['/mypage', true],
    ['/receipts?coe=1', true],
    ['//evil.example', false],
    ['/\\evil.example', false],
    ['https://evil.example', false],
    ['mypage', false],
    ['/a\nb', false],
    [undefined, false],
  ])('%s -> %s', (v, ok) => expect(isLocalPath(v)).toBe(ok));
});
