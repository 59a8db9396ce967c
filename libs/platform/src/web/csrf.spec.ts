import type { NextFunction, Request, Response } from 'express';
import { PassThrough } from 'node:stream';
import { doubleSubmitCsrf } from './csrf';
import { helperCookieName } from './signed-cookies';

const SECRET = 'a-test-secret-of-at-least-32-characters';

/** A request/response pair with just what the middleware reads and writes. */
function exchange(cookies: Record<string, string>, body: Record<string, string> = {}, sid = 'sid-1', method = 'POST') {
  const set: Record<string, string> = {};
  const req = { method, cookies, body, sessionID: sid, headers: {} } as unknown as Request;
  const res = { locals: {}, cookie: (k: string, v: string) => (set[k] = v) } as unknown as Response;
  return { req, res, set };
}

describe('double-submit CSRF', () => {
  let loggedIn = false;
  const csrf = doubleSubmitCsrf({
    cookie: 'c',
    secret: SECRET,
    secure: false,
    boundTo: (r) => (loggedIn ? r.sessionID : undefined),
  });
  const tokenAndCookie = () => {
    const { req, res, set } = exchange({}, {}, 'sid-1', 'GET');
    csrf.issue(req, res, () => undefined);
    const token = (res.locals.csrf as () => string)();
    return { token, nonce: set.c };
  };
  const verdict = (cookies: Record<string, string>, body: Record<string, string>, sid = 'sid-1') => {
    const { req, res } = exchange(cookies, body, sid);
    let error: unknown = 'not called';
    csrf.check(req, res, ((e?: unknown) => (error = e)) as NextFunction);
    return error === undefined ? 'ok' : (error as { status: number }).status;
  };
  afterEach(() => (loggedIn = false));

  it('accepts the token of its own cookie and refuses a missing, forged or foreign one', () => {
    const mine = tokenAndCookie();
    const theirs = tokenAndCookie();
    expect(verdict({ c: mine.nonce }, { _csrf: mine.token })).toBe('ok');
    expect(verdict({ c: mine.nonce }, {})).toBe(403);
    expect(verdict({}, { _csrf: mine.token })).toBe(403);
    expect(verdict({ c: mine.nonce }, { _csrf: theirs.token })).toBe(403);
    expect(verdict({ c: mine.nonce }, { _csrf: mine.nonce })).toBe(403);
  });

  it('binds the token to the session id once logged in', () => {
    const before = tokenAndCookie();
    loggedIn = true;
    expect(verdict({ c: before.nonce }, { _csrf: before.token })).toBe(403);
    const after = tokenAndCookie();
    expect(verdict({ c: after.nonce }, { _csrf: after.token })).toBe('ok');
    expect(verdict({ c: after.nonce }, { _csrf: after.token }, 'sid-2')).toBe(403);
  });

  it('lets safe methods through and sets the cookie only when a page asks for a token', () => {
    const { req, res, set } = exchange({}, {}, 'sid-1', 'GET');
    csrf.issue(req, res, () => undefined);
    expect(set).toEqual({});
    let passed = false;
    csrf.check(req, res, () => (passed = true));
    expect(passed).toBe(true);
  });
});

describe('double-submit CSRF on uploads (multipart)', () => {
  const csrf = doubleSubmitCsrf({ cookie: 'c', secret: SECRET, secure: false, boundTo: () => undefined });
  const issued = () => {
    const { req, res, set } = exchange({}, {}, 'sid-1', 'GET');
    csrf.issue(req, res, () => undefined);
    return { token: (res.locals.csrf as () => string)(), nonce: set.c };
  };
  const upload = (nonce: string, first: string) => {
    const body = `--B\r\nContent-Disposition: form-data; name="${first}"\r\n\r\nvalue\r\n--B--\r\n`;
    const req = Object.assign(new PassThrough(), {
      method: 'POST',
      cookies: { c: nonce },
      sessionID: 'sid-1',
      headers: { 'content-type': 'multipart/form-data; boundary=B' },
    });
    req.end(body.replace('value', first === '_csrf' ? current.token : 'x'));
    return new Promise<unknown>((resolve) => csrf.check(req as unknown as Request, {} as Response, resolve));
  };
  let current = issued();

  it('checks the token sent as the first part, before the route reads the body', async () => {
    current = issued();
    await expect(upload(current.nonce, '_csrf')).resolves.toBeUndefined();
    await expect(upload(issued().nonce, '_csrf')).resolves.toMatchObject({ status: 403 });
    await expect(upload(current.nonce, 'note')).resolves.toMatchObject({ status: 403 });
  });
});

describe('helper cookie names', () => {
  it('are __Host- prefixed in production only, beside the session cookie', () => {
    expect(helperCookieName('ro.sid', 'csrf', true)).toBe('__Host-ro.csrf');
    expect(helperCookieName('ro.office.sid', 'act', false)).toBe('ro.office.act');
  });
});
