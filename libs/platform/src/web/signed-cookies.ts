import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 of `parts` under the session secret. The first part names the purpose, so a value signed
 * for one cookie is never valid for another.
 */
export function sign(secret: string, ...parts: string[]): string {
  return createHmac('sha256', secret).update(parts.join('\n')).digest('base64url');
}

/** Constant-time comparison of two tokens (a wrong length is simply false). */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The name of a helper cookie of an app, next to its session cookie ("ro.sid" → "ro.csrf"). In
 * production the `__Host-` prefix makes the browser refuse it unless Secure, host-only and on path /,
 * so neither a sibling subdomain nor plain HTTP can plant one.
 */
export function helperCookieName(sessionCookie: string, purpose: string, production: boolean): string {
  return `${production ? '__Host-' : ''}${sessionCookie.replace(/\.sid$/, '')}.${purpose}`;
}
