import type { NextFunction, Request, Response } from 'express';

/** Whether a session holds anything besides its cookie. */
const hasState = (req: Request): boolean =>
  Boolean(req.session && Object.keys(req.session).some((k) => k !== 'cookie'));

/**
 * Two rules for when express-session writes, installed right after it:
 * - it sends the headers of a response before its save has finished, so a browser can follow a
 *   redirect and arrive before the state it needs is stored: a redirect saves first;
 * - a stored session left with nothing in it (logged out, revoked, its notice shown, its flow done) is
 *   deleted and its cookie cleared rather than stored empty, so a visitor keeps no row.
 * Needs express-session's `unset: 'destroy'`.
 */
export function sessionSaving(sessionCookie: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    res.redirect = (...args: unknown[]) => {
      if (!hasState(req)) return redirect(...args);
      req.session.save((err) => (err ? next(err) : redirect(...args)));
    };
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      const sent = (req.cookies as Record<string, unknown> | undefined)?.[sessionCookie];
      const sentCookie = typeof sent === 'string' && sent !== '';
      if (req.session && sentCookie && !hasState(req)) {
        (req as { session: unknown }).session = null;
        if (!res.headersSent) res.clearCookie(sessionCookie, { path: '/' });
      }
      return end(...args);
    }) as Response['end'];
    next();
  };
}
