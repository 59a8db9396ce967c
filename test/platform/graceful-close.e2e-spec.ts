import { connect, Socket } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { closeGracefully } from '@app/platform';
import { csrfOf } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startPortal, testConfig } from '../support/apps';
import { makeUser } from '../support/factories';
import { Agent } from '../support/http';
import { createTestDatabase } from '../support/test-postgres';

jest.setTimeout(60_000);

const ROUNDS = 3;

/** Everything the socket receives until the server ends the connection. */
const received = (socket: Socket) =>
  new Promise<string>((resolve, reject) => {
    let data = '';
    socket.on('data', (c: Buffer) => (data += c.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });

/**
 * A stopping app (SIGTERM at a restart or a deploy) answers the requests it is serving, then closes
 * within a bound (closeGracefully): before, Nest's close waited for every connection, a request whose
 * body never ended included.
 */
describe('closeGracefully: a request in flight when the app stops still gets its answer', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  afterAll(() => db?.drop());
  beforeAll(async () => {
    db = await createTestDatabase();
  });

  it(`answers a login whose body is still arriving, then closes; new connections are refused (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const portal: Running<NestExpressApplication> = await startPortal(testConfig(db.url, FAST_ACCOUNTS));
      try {
        const user = await makeUser(portal);
        const agent = new Agent(portal.url);
        const form = await agent.get('/login');
        const body = new URLSearchParams({ _csrf: csrfOf(form.text), userId: user.loginId, password: user.password });
        const cookie = form.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        const { port } = new URL(portal.url);
        const socket = connect(Number(port), '127.0.0.1');
        await new Promise((r) => socket.once('connect', r));
        const answer = received(socket);
        const bytes = Buffer.from(body.toString());
        socket.write(
          `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/html\r\nSec-Fetch-Site: same-origin\r\n` +
            `Cookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${bytes.length}\r\n\r\n`,
        );
        socket.write(bytes.subarray(0, 10));
        await new Promise((r) => setTimeout(r, 100));

        let closed = false;
        const closing = closeGracefully(portal.app, 20_000).then(() => (closed = true));
        await new Promise((r) => setTimeout(r, 300));
        expect(closed).toBe(false);
        await expect(fetch(`${portal.url}/healthz`)).rejects.toThrow();

        socket.write(bytes.subarray(10));
        const response = await answer;
        expect(response.split('\r\n')[0]).toBe('HTTP/1.1 303 See Other');
        expect(response).toMatch(/\r\nLocation: \/mypage\r\n/i);
        // Answered while the app drains: the keep-alive connection is let go with this response.
        expect(response).toMatch(/\r\nConnection: close\r\n/i);
        await closing;
        expect(closed).toBe(true);
      } finally {
        await portal.app.close().catch(() => undefined);
      }
    }
  });

  it('cuts a request that never completes once the drain time is up, and closes', async () => {
    const portal: Running<NestExpressApplication> = await startPortal(testConfig(db.url, FAST_ACCOUNTS));
    try {
      const { port } = new URL(portal.url);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      const answer = received(socket).catch(() => 'reset');
      socket.write(
        `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
          `Content-Length: 100\r\n\r\n_csrf=x`,
      );
      await new Promise((r) => setTimeout(r, 100));
      // Node's own limit for a request is 5 minutes: without the drain's bound the app would wait for it.
      await closeGracefully(portal.app, 500);
      expect(['', 'reset']).toContain(await answer);
      expect(socket.readyState).not.toBe('open');
    } finally {
      await portal.app.close().catch(() => undefined);
    }
  });
});
