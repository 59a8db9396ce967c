/**
 * An officer for the office benchmarks, seeded in SQL (password already chosen, TOTP enrolled), and a
 * login through the office's own forms (password, then the TOTP code from the seeded secret with
 * otplib, as the app checks it). Returns the Cookie header of the logged-in session.
 */
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcrypt';
import { generateSecret, generateSync } from 'otplib';
import type { DataSource } from 'typeorm';
import { totpSecretContext } from '@app/officers';
import { decodeKey, SecretCipher } from '@app/platform';
import { BENCH_SECRETS_ENCRYPTION_KEY } from './http';

export async function seedOfficer(ds: DataSource, loginId = 'BENCH.OFFICER', password = 'Hikari#2026Desk') {
  const secret = generateSecret();
  const id = randomUUID();
  // Sealed as the office, started with the bench key, opens it: bound to the row.
  const sealed = new SecretCipher(decodeKey(BENCH_SECRETS_ENCRYPTION_KEY)!).seal(secret, totpSecretContext(id));
  await ds.query(
    `INSERT INTO officer (id, login_id, name, password_hash, must_change_password, totp_secret, totp_enabled_at,
       created_at, updated_at)
     VALUES ($1, $2, 'BENCH OFFICER', $3, false, $4, now(), now(), now())`,
    [id, loginId, await bcrypt.hash(password, 12), sealed],
  );
  return { loginId, password, secret };
}

/**
 * What a browser behind the TLS proxy sends: the office runs with TRUST_PROXY (its session cookie is
 * Secure in production), and forms are posted from its own origin.
 */
export const PROXY_HEADERS = { 'x-forwarded-proto': 'https', 'sec-fetch-site': 'same-origin' };

/** A tiny cookie jar over fetch: keeps every Set-Cookie, posts forms with the page's hidden _csrf. */
class Browser {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(r: Response): Response {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return r;
  }

  async get(path: string): Promise<string> {
    const r = this.keep(
      await fetch(this.base + path, { headers: { ...PROXY_HEADERS, cookie: this.cookieHeader }, redirect: 'manual' }),
    );
    return r.text();
  }

  /** Posts the form on `page` with `fields`; returns the redirect location. */
  async submit(page: string, action: string, fields: Record<string, string>): Promise<string | null> {
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await this.get(page))?.[1];
    const body = new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), ...fields });
    const r = this.keep(
      await fetch(this.base + action, {
        method: 'POST',
        body,
        headers: { ...PROXY_HEADERS, cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      }),
    );
    await r.text();
    if (r.status !== 303 && r.status !== 302) throw new Error(`POST ${action}: ${r.status}`);
    return r.headers.get('location');
  }
}

export async function officerCookie(
  url: string,
  officer: { loginId: string; password: string; secret: string },
): Promise<string> {
  const b = new Browser(url);
  const next = await b.submit('/login', '/login', { loginId: officer.loginId, password: officer.password });
  if (next !== '/totp') throw new Error(`login went to ${next}`);
  const epoch = Math.floor(Date.now() / 1000); // the real time: the office checks the code against its clock
  await b.submit('/totp', '/totp', { code: generateSync({ secret: officer.secret, epoch }) });
  return b.cookieHeader;
}
