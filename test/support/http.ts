/** A minimal HTTP client for end-to-end tests: real requests, a cookie jar, no redirects followed. */
export class Agent {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request(
    method: string,
    path: string,
    opts: { headers?: Record<string, string>; form?: Record<string, string>; body?: string | FormData | Blob } = {},
  ): Promise<{ status: number; headers: Headers; text: string }> {
    // As a current browser sends it for our own links and forms; a test of a cross-site request says so.
    const headers: Record<string, string> = { accept: 'text/html', 'sec-fetch-site': 'same-origin', ...opts.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    // A raw body is sent as it is, with whatever content type the caller names (or none); FormData as
    // multipart, its parts in the order appended.
    let body: string | FormData | Blob | undefined = opts.body;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    // Handlebars writes "=" in attribute values as &#x3D;, which browsers read as "=": do the same.
    return { status: res.status, headers: res.headers, text: (await res.text()).replaceAll('&#x3D;', '=') };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  post(path: string, form: Record<string, string>, headers?: Record<string, string>) {
    return this.request('POST', path, { form, headers });
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/** The text content of the first element matching a simple `<tag id="x">…</tag>` or `<html lang>`. */
export const htmlLang = (html: string): string | undefined => /<html lang="([^"]+)"/.exec(html)?.[1];
