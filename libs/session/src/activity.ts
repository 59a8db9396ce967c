import type { Request } from 'express';
import { lastActivity, storedActivityDue } from './idle-policy';

/** The part of a login (user or officer) that the idle rule reads and writes. */
interface ActiveLogin {
  lastActivityAt: number;
}

/** The exact last activity of the request's login: the signed cookie's time, or the stored one. */
export const exactLastActivity = (req: Request, login: ActiveLogin, now: Date): number =>
  lastActivity(login.lastActivityAt, req.activity?.read(), now);

/**
 * Page activity at `now`: always in the signed activity cookie, in the session row only once its stored
 * time is a step old, so that page views inside the step write nothing to PostgreSQL.
 */
export function recordActivity(req: Request, login: ActiveLogin, now: Date): void {
  req.activity?.write(now.getTime());
  if (!req.activity || storedActivityDue(login.lastActivityAt, now)) login.lastActivityAt = now.getTime();
}
