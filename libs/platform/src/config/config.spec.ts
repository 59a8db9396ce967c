import { ConfigError, loadConfig } from './config';

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
});
