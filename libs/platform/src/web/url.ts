/** `path` (a request's originalUrl) with query parameter `name` set to `value`, other parameters kept. */
export function withQuery(path: string, name: string, value: string): string {
  return withQueryOf(path, name)(value);
}

/**
 * withQuery for many values of one parameter, `path` parsed once (every page links to itself in each
 * language and colour scheme). The same string as URLSearchParams.set: the first `name` takes the
 * value in its place, later ones go, else it comes last; the others are serialized as it would.
 */
export function withQueryOf(path: string, name: string): (value: string) => string {
  const url = new URL(path, 'http://local');
  const before = new URLSearchParams();
  const after = new URLSearchParams();
  let found = false;
  for (const [k, v] of url.searchParams) {
    if (k === name) found = true;
    else (found ? after : before).append(k, v);
  }
  const head = `${url.pathname}?${before.toString() && `${before.toString()}&`}`;
  const tail = after.toString() && `&${after.toString()}`;
  return (value) => `${head}${new URLSearchParams([[name, value]]).toString()}${tail}`;
}

/** True for a same-site path such as "/mypage?x=1" — never "//host", "/\\host" or a full URL. */
export function isLocalPath(value: unknown): value is string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && !/[\r\n]/.test(value);
}
