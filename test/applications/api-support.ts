import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiKeysService } from '@app/coe';
import { FAST_ACCOUNTS, Running, startOffice, testConfig, usePortal } from '../support/apps';

/** The portal (filers, receipts) and the office app serving the API on one database, with an API key. */
export function useApplicationsApi() {
  const t = usePortal();
  const ctx = { t } as {
    t: typeof t;
    office: Running<NestExpressApplication>;
    key: string;
    keyId: string;
    call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
    json<T>(path: string): Promise<T>;
  };
  beforeAll(async () => {
    ctx.office = await startOffice(testConfig(t.dbUrl, FAST_ACCOUNTS));
    ({ key: ctx.key, id: ctx.keyId } = await ctx.office.app.get(ApiKeysService).create('examination-system', 'test'));
  });
  afterAll(() => ctx.office?.close());
  ctx.call = (method, path, body, headers = {}) =>
    fetch(`${ctx.office.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ctx.key}`,
        'content-type': 'application/json',
        accept: 'application/json',
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  ctx.json = async <T>(path: string): Promise<T> => {
    const res = await ctx.call('GET', path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return (await res.json()) as T;
  };
  return ctx;
}
