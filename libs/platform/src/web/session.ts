import type { Request } from 'express';

/**
 * Replaces the session with a new one under a new id (at login, logout and password reset), so an id
 * known before cannot be used after.
 */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((e: unknown) =>
      e ? reject(e instanceof Error ? e : new Error('session store failed')) : resolve(),
    ),
  );
}
