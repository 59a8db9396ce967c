import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { leadingMultipartField } from './multipart-field';
import { sameToken, sign } from './signed-cookies';

export interface CsrfOptions {
  /** The cookie holding this browser's random value. */
  cookie: string;
  secret: string;
  secure: boolean;
  /** The session id a token is bound to: that of a login, undefined for a visitor. */
  boundTo: (req: Request) => string | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MULTIPART = /^multipart\/form-data\s*;/i;
const NONCE = /^[A-Za-z0-9_-]{43}$/;

const forbidden = () => Object.assign(new Error('invalid csrf token'), { status: 403, code: 'EBADCSRFTOKEN' });

/**
 * Signed double-submit CSRF tokens, which need no stored session: the browser keeps a random value in
 * its own HttpOnly cookie, and every form carries `_csrf`, the HMAC of that value (and, once logged
 * in, of the session id) under the session secret. A cross-site page can neither read the cookie nor
 * make the HMAC; a token made for another visitor's cookie, or before the login, does not match.
 * `issue` offers `res.locals.csrf()` to the views (the cookie is set only when a page has a form);
 * `check` refuses an unsafe request whose `_csrf` does not match. Uploads (multipart, which no body parser
 * reads) carry `_csrf` as their first part: it is read ahead and put back, so the token is checked here,
 * before any route stores a file, and no upload route can forget it (docs/storage.md, "CSRF on uploads").
 */
export function doubleSubmitCsrf(o: CsrfOptions): { issue: RequestHandler; check: RequestHandler } {
  const tokenFor = (req: Request, nonce: string) => sign(o.secret, 'csrf', nonce, o.boundTo(req) ?? '');
  const nonceOf = (req: Request): string | undefined => {
    const v = (req.cookies as Record<string, unknown> | undefined)?.[o.cookie];
    return typeof v === 'string' && NONCE.test(v) ? v : undefined;
  };

  const issue = (req: Request, res: Response, next: NextFunction): void => {
    let nonce: string | undefined;
    res.locals.csrf = () => {
      if (!nonce) {
        nonce = nonceOf(req);
        if (!nonce) {
          nonce = randomBytes(32).toString('base64url');
          res.cookie(o.cookie, nonce, { httpOnly: true, sameSite: 'lax', secure: o.secure, path: '/' });
        }
      }
      return tokenFor(req, nonce);
    };
    next();
  };

  const verify = (req: Request, sent: unknown, next: NextFunction): void => {
    const nonce = nonceOf(req);
    if (nonce && typeof sent === 'string' && sameToken(sent, tokenFor(req, nonce))) return next();
    next(forbidden());
  };

  const check = (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (MULTIPART.test(req.headers['content-type'] ?? ''))
      return void leadingMultipartField(req, '_csrf').then((sent) => verify(req, sent, next), next);
    verify(req, (req.body as Record<string, unknown> | undefined)?._csrf, next);
  };

  return { issue, check };
}
