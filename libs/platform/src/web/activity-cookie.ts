import type { NextFunction, Request, Response } from 'express';
import { sameToken, sign } from './signed-cookies';

/** The exact time of a login's last page activity, kept by the browser under the server's signature. */
export interface SignedActivity {
  /**
   * The time this browser was last seen active in this session (epoch ms): the one written in this
   * response, else the one it sent, if valid.
   */
  read(): number | undefined;
  /** Records activity at `at` (epoch ms) in this response. */
  write(at: number): void;
}

declare module 'express-serve-static-core' {
  interface Request {
    activity?: SignedActivity;
  }
}

export interface ActivityCookieOptions {
  cookie: string;
  secret: string;
  secure: boolean;
  maxAgeMs: number;
}

/**
 * Offers `req.activity`: the last activity as "<epoch ms>.<HMAC of the session id and that time>".
 * Only the server can sign a time, and each one is bound to its session id, so a browser can send an
 * older value of its own session (and be logged out sooner), never a later one, nor another session's.
 */
export function activityCookie(o: ActivityCookieOptions) {
  const signature = (sid: string, at: string) => sign(o.secret, 'activity', sid, at);
  return (req: Request, res: Response, next: NextFunction): void => {
    let written: number | undefined;
    req.activity = {
      read() {
        if (written !== undefined) return written;
        const v = (req.cookies as Record<string, unknown> | undefined)?.[o.cookie];
        const m = typeof v === 'string' ? /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(v) : null;
        return m && sameToken(m[2], signature(req.sessionID, m[1])) ? Number(m[1]) : undefined;
      },
      write(at) {
        written = at;
        const value = `${at}.${signature(req.sessionID, String(at))}`;
        res.cookie(o.cookie, value, {
          httpOnly: true,
          sameSite: 'lax',
          secure: o.secure,
          path: '/',
          maxAge: o.maxAgeMs,
        });
      },
    };
    next();
  };
}
