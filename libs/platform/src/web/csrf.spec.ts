import type { NextFunction, Request, Response } from 'express';
import { doubleSubmitCsrf } from './csrf';
import { helperCookieName } from './signed-cookies';

const SECRET = 'a-test-secret-of-at-least-32-characters';

/** A request/response pair with just what the middleware reads and writes. */
function exchange(
  cookies: Record<string, string>,
  body: Record<string, string> | undefined = {},
  sid = 'sid-1',
  method = 'POST',
  extra: { headers?: Record<string, string>; query?: Record<string, string> } = {},
) {
  const set: Record<string, string> = {};
  const req = { method, cookies, body, sessionID: sid, headers: {}, query: {}, ...extra } as unknown as Request;
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
  const multipartVerdict = (cookies: Record<string, string>, query: Record<string, string>, type: string) => {
    const { req, res } = exchange(cookies, undefined, 'sid-1', 'POST', { headers: { 'content-type': type }, query });
    let error: unknown = 'not called';
    csrf.check(req, res, ((e?: unknown) => (error = e)) as NextFunction);
    return error === undefined ? 'ok' : (error as { status: number }).status;
  };

  it('takes the token from the query for a multipart upload only (its body is streamed after the check)', () => {
    const mine = tokenAndCookie();
    const multipart = 'multipart/form-data; boundary=x';
    expect(multipartVerdict({ c: mine.nonce }, { _csrf: mine.token }, multipart)).toBe('ok');
    expect(multipartVerdict({ c: mine.nonce }, {}, multipart)).toBe(403);
    expect(multipartVerdict({ c: mine.nonce }, { _csrf: 'forged' }, multipart)).toBe(403);
    // Any other body still needs the token in the body: a token in a URL opens no other form.
    expect(multipartVerdict({ c: mine.nonce }, { _csrf: mine.token }, 'application/x-www-form-urlencoded')).toBe(403);
    expect(multipartVerdict({ c: mine.nonce }, { _csrf: mine.token }, '')).toBe(403);
  });

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

describe('helper cookie names', () => {
  it('are __Host- prefixed in production only, beside the session cookie', () => {
    expect(helperCookieName('ro.sid', 'csrf', true)).toBe('__Host-ro.csrf');
    expect(helperCookieName('ro.office.sid', 'act', false)).toBe('ro.office.act');
  });
});
