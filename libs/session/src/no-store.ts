import type { NextFunction, Request, Response } from 'express';
import './auth-session';
import './officer-session';

/** Whether the session holds a login: a user, an officer, or an officer half-way through password and TOTP. */
export function carriesLogin(req: Request): boolean {
  const s = req.session;
  return Boolean(s?.auth || s?.officer || s?.officerPending);
}

/**
 * Every response to a request that carries a login (a user, an officer, or an officer half-way through
 * password and TOTP) is `Cache-Control: no-store`: what it shows is personal, and neither a shared
 * proxy nor the browser's back button after logout may keep it. Decided once, here, before any
 * controller, so that a new page behind a login cannot forget it; anonymous public pages are left as
 * they are.
 */
export function noStoreWhenLoggedIn(req: Request, res: Response, next: NextFunction): void {
  if (carriesLogin(req)) res.setHeader('Cache-Control', 'no-store');
  next();
}
