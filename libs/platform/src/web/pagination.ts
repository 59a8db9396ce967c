export interface Pagination {
  page: number;
  pages: number;
  total: number;
  size: number;
  first?: string;
  previous?: string;
  next?: string;
  last?: string;
  numbers: { number: number; href: string; current: boolean }[];
}

/** Clamps a requested page number (from a query string) into 1..pages. */
export function pageNumber(raw: unknown, pages: number): number {
  const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : 1;
  return Math.min(Math.max(n, 1), Math.max(pages, 1));
}

/** Page links for a list: first/previous/next/last and a window of numbers around the current page. */
export function paginate(opts: {
  page: number;
  size: number;
  total: number;
  href: (page: number) => string;
  window?: number;
}): Pagination {
  const pages = Math.max(1, Math.ceil(opts.total / opts.size));
  const page = Math.min(Math.max(opts.page, 1), pages);
  const w = opts.window ?? 2;
  const from = Math.max(1, Math.min(page - w, pages - 2 * w));
  const to = Math.min(pages, from + 2 * w);
  const numbers = [];
  for (let n = from; n <= to; n++) numbers.push({ number: n, href: opts.href(n), current: n === page });
  return {
    page,
    pages,
    total: opts.total,
    size: opts.size,
    first: page > 1 ? opts.href(1) : undefined,
    previous: page > 1 ? opts.href(page - 1) : undefined,
    next: page < pages ? opts.href(page + 1) : undefined,
    last: page < pages ? opts.href(pages) : undefined,
    numbers,
  };
}
