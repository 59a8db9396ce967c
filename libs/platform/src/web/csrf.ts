import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
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
const NONCE = /^[A-Za-z0-9_-]{43}$/;

const MULTIPART = /^multipart\/form-data\s*;/i;

/**
 * The token a request carries: the `_csrf` field of a parsed body, or, for a multipart upload only, the
 * `_csrf` query parameter. A multipart body is streamed to storage after this check (libs/storage's
 * receiveUpload), so its fields are not there yet; the upload form puts the token in its action. Every
 * other request still needs it in the body, so a token in a URL opens no other form.
 */
function sentToken(req: Request): unknown {
  const body = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (body !== undefined) return body;
  if (!MULTIPART.test(req.headers?.['content-type'] ?? '')) return undefined;
  return (req.query as Record<string, unknown> | undefined)?._csrf;
}

const forbidden = () => Object.assign(new Error('invalid csrf token'), { status: 403, code: 'EBADCSRFTOKEN' });

/**
 * Signed double-submit CSRF tokens, which need no stored session: the browser keeps a random value in
 * its own HttpOnly cookie, and every form carries `_csrf`, the HMAC of that value (and, once logged
 * in, of the session id) under the session secret. A cross-site page can neither read the cookie nor
 * make the HMAC; a token made for another visitor's cookie, or before the login, does not match.
 * `issue` offers `res.locals.csrf()` to the views (the cookie is set only when a page has a form);
 * `check` refuses an unsafe request whose `_csrf` does not match.
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

  const check = (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    const nonce = nonceOf(req);
    const sent = sentToken(req);
    if (nonce && typeof sent === 'string' && sameToken(sent, tokenFor(req, nonce))) return next();
    next(forbidden());
  };

  return { issue, check };
}
