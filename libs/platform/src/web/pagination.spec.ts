import { pageNumber, paginate } from './pagination';

const href = (n: number) => `/x?page=${n}`;

describe('paginate', () => {
  it('has one page and no links for an empty list', () => {
    const p = paginate({ page: 1, size: 10, total: 0, href });
    expect(p.pages).toBe(1);
    expect([p.first, p.previous, p.next, p.last]).toEqual([undefined, undefined, undefined, undefined]);
    expect(p.numbers.map((n) => n.number)).toEqual([1]);
  });

  it('splits 21 items of 20 into two pages', () => {
    const p = paginate({ page: 1, size: 20, total: 21, href });
    expect(p.pages).toBe(2);
    expect(p.next).toBe('/x?page=2');
    expect(p.last).toBe('/x?page=2');
  });

  it('keeps exactly 20 on one page', () => expect(paginate({ page: 1, size: 20, total: 20, href }).pages).toBe(1));

  it('shows a window of five numbers around the current page', () => {
    const p = paginate({ page: 50, size: 10, total: 1000, href });
    expect(p.numbers.map((n) => n.number)).toEqual([48, 49, 50, 51, 52]);
    expect(p.numbers.find((n) => n.current)?.number).toBe(50);
    expect(p.first).toBe('/x?page=1');
    expect(p.last).toBe('/x?page=100');
  });

  it('keeps five numbers at the end', () =>
    expect(paginate({ page: 100, size: 10, total: 1000, href }).numbers.map((n) => n.number)).toEqual([
      96, 97, 98, 99, 100,
    ]));

  it('clamps a page past the end', () => expect(paginate({ page: 9, size: 10, total: 15, href }).page).toBe(2));
});

describe('pageNumber', () => {
  it.each([
    ['3', 5, 3],
    ['0', 5, 1],
    ['99', 5, 5],
    ['abc', 5, 1],
    [undefined, 5, 1],
    ['-2', 5, 1],
    ['1e3', 5, 1],
  ])('%s of %d -> %d', (raw, pages, n) => expect(pageNumber(raw, pages)).toBe(n));
});
