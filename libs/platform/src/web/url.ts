/** `path` (a request's originalUrl) with query parameter `name` set to `value`, other parameters kept. */
export function withQuery(path: string, name: string, value: string): string {
  const url = new URL(path, 'http://local');
  url.searchParams.set(name, value);
  return url.pathname + url.search;
}

/** True for a same-site path such as "/mypage?x=1" — never "//host", "/\\host" or a full URL. */
export function isLocalPath(value: unknown): value is string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && !/[\r\n]/.test(value);
}
