import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config';

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://a/b',
  SMTP_URL: 'smtp://a',
  SESSION_SECRET: 'x'.repeat(32),
};

describe('loadConfig', () => {
  it('gives working defaults for development', () => {
    const c = loadConfig({});
    expect(c.portalPort).toBe(3000);
    expect(c.officePort).toBe(3001);
    expect(c.smtpUrl).toBe('smtp://localhost:1025');
    expect(c.smtpIsEmbedded).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.portalBaseUrl).toBe('http://localhost:3000');
  });

  it.each([
    [{ PORTAL_PORT: 'abc' }, 'PORTAL_PORT'],
    [{ PORTAL_PORT: '70000' }, 'PORTAL_PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'not a url' }, 'SMTP_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://a/b', SMTP_URL: 'smtp://a' }, 'SESSION_SECRET'],
    [{ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), SMTP_URL: 'smtp://a' }, 'DATABASE_URL'],
    [PRODUCTION, 'SECRETS_ENCRYPTION_KEY'],
    [{ SECRETS_ENCRYPTION_KEY: randomBytes(16).toString('base64') }, 'SECRETS_ENCRYPTION_KEY'],
    [{ SECRETS_ENCRYPTION_OLD_KEYS: `${randomBytes(32).toString('base64')},short` }, 'SECRETS_ENCRYPTION_OLD_KEYS'],
  ])('rejects %j naming %s in one line', (env, name) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).not.toContain('\n');
  });

  it('accepts external servers', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/ro', SMTP_URL: 'smtp://mail:25' });
    expect(c.databaseUrl).toBe('postgres://u:p@db:5432/ro');
    expect(c.smtpIsEmbedded).toBe(false);
  });

  it('takes the secrets key and the old keys as bytes, and a named development default without them', () => {
    const [key, old1, old2] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const c = loadConfig({
      ...PRODUCTION,
      SECRETS_ENCRYPTION_KEY: key.toString('base64'),
      SECRETS_ENCRYPTION_OLD_KEYS: `${old1.toString('base64')}, ${old2.toString('base64url')}`,
    });
    expect(c.secretsKeys).toEqual({ current: key, old: [old1, old2] });
    const dev = loadConfig({});
    expect(dev.secretsKeys.current.toString('utf8')).toMatch(/^development-only-/);
    expect(dev.secretsKeys.old).toEqual([]);
  });

  it('does not quote a bad key in its message', () => {
    const almost = randomBytes(31).toString('base64');
    expect(() => loadConfig({ SECRETS_ENCRYPTION_KEY: almost })).toThrow(/SECRETS_ENCRYPTION_KEY must be 32 bytes/);
    try {
      loadConfig({ SECRETS_ENCRYPTION_KEY: almost });
    } catch (e) {
      expect((e as Error).message).not.toContain(almost);
    }
  });
});
