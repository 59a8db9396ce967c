import { isLocalPath, withQuery } from './url';

describe('withQuery', () => {
  it('adds a parameter', () => expect(withQuery('/announcements', 'lng', 'vi')).toBe('/announcements?lng=vi'));
  it('replaces and keeps others', () =>
    expect(withQuery('/announcements?page=2&lng=en', 'lng', 'ko')).toBe('/announcements?page=2&lng=ko'));
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
