import type { NextFunction, Request, Response } from 'express';

interface DrainState {
  draining: boolean;
  /** The responses whose headers are not sent yet. */
  live: Set<Response>;
}

const states = new WeakMap<object, DrainState>();

/**
 * Express middleware (first in the chain) that lets a stopping app end keep-alive connections after their
 * current request: while the app drains, every response goes out with `Connection: close`, those in
 * flight included, so a busy keep-alive client (a proxy, a browser) lets go instead of sending its next
 * request and holding the drain to its limit.
 */
export function drainTracking(expressApp: object) {
  const state: DrainState = { draining: false, live: new Set() };
  states.set(expressApp, state);
  return (_req: Request, res: Response, next: NextFunction): void => {
    if (state.draining) res.shouldKeepAlive = false;
    else {
      state.live.add(res);
      const done = () => state.live.delete(res);
      res.once('finish', done);
      res.once('close', done);
    }
    next();
  };
}

/** From now on, and for the responses in flight, no connection of `expressApp` is kept alive. */
export function stopKeepAlive(expressApp: object): void {
  const state = states.get(expressApp);
  if (!state) return;
  state.draining = true;
  for (const res of state.live) if (!res.headersSent) res.shouldKeepAlive = false;
  state.live.clear();
}
