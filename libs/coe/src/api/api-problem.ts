import type { Request, Response } from 'express';
import type { ApiKeysService } from './api-keys.service';

/** An RFC 9457 problem answer: every API of the office app (e-COEs, applications) answers errors so. */
export function problem(
  res: Response,
  status: number,
  title: string,
  detail?: string,
  errors?: Record<string, string[]>,
): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: 'about:blank',
        title,
        status,
        ...(detail ? { detail } : {}),
        ...(errors ? { errors } : {}),
      }),
    );
}

/** Who calls an API endpoint: the bearer key, and the client address for the audit log. */
export interface ApiCaller {
  id: string;
  name: string;
  ip?: string;
}

/** The caller's key, or undefined after answering 401 (the same answer for every API endpoint). */
export async function apiCaller(keys: ApiKeysService, req: Request, res: Response): Promise<ApiCaller | undefined> {
  const key = await keys.authenticate(req.headers.authorization, req.ip);
  if (!key) {
    res.setHeader('WWW-Authenticate', 'Bearer');
    problem(res, 401, 'Unauthorized', 'Send a valid API key as "Authorization: Bearer <key>".');
    return undefined;
  }
  return { ...key, ip: req.ip };
}

/** The Idempotency-Key rule of every POST: 1–200 visible ASCII characters. */
export const isIdempotencyKey = (key: string): boolean => /^[\x21-\x7e]{1,200}$/.test(key);
