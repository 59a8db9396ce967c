import { NoScanner, type UploadSpec } from '@app/storage';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { multipartBody, send, streamedPdf, withUploadServer } from './multipart-http';

const MB = 1024 * 1024;
const SIZE = 10 * MB;
/** How often the client stops to look (each look is two full collections: slow under Jest). */
const MARK = 2 * MB;
const spec: UploadSpec = {
  fields: [],
  files: [{ name: 'documents', kinds: ['pdf'], maxBytes: SIZE, maxCount: 1 }],
  maxTotalFiles: 1,
};

// Jest runs without --expose-gc; the flag can still be set at run time and `gc` read from a fresh context.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Memory still reachable after a full collection: what the process holds, not garbage waiting. */
function live(): { rss: number; buffers: number } {
  // Twice: V8 frees dead buffers' memory while sweeping after a collection; the second waits for that.
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, buffers: m.arrayBuffers };
}

/**
 * 10 MB streamed end to end through a real HTTP server into FilesystemStorage: the client builds the
 * multipart body on the fly (no 10 MB Buffer anywhere in the test), and every 2 MB it checks
 * what the process still holds. No time is asserted (the long timeout is for the collections).
 */
describe('a 10 MB upload keeps memory flat (filesystem storage)', () => {
  const t = withUploadServer(spec, () => ({ scanner: new NoScanner() }));

  /** One upload; returns the most buffer memory held at any mark, above `base`. */
  async function upload(base: number): Promise<number> {
    let peak = 0;
    let nextMark = MARK;
    const reply = await send(
      t.server.url,
      multipartBody([{ name: 'documents', filename: 'big.pdf', content: streamedPdf(SIZE) }]),
      {
        onChunk: (written) => {
          if (written < nextMark) return;
          nextMark += MARK;
          peak = Math.max(peak, live().buffers - base);
        },
      },
    );
    expect(reply.status).toBe(200);
    const { files } = JSON.parse(reply.body) as { files: { key: string; size: number }[] };
    expect(files[0].size).toBe(SIZE);
    await t.backend.storage.delete(files[0].key);
    return peak;
  }

  it('holds under 4 MB of buffers at any point, and 5 uploads after a warm-up grow RSS by under 15 MB', async () => {
    await upload(live().buffers);
    const before = live();
    const peaks: number[] = [];
    for (let i = 0; i < 5; i++) peaks.push(await upload(before.buffers));
    const grown = live().rss - before.rss;
    // Printed so a failure (or a regression close to the line) shows the figures.
    console.log(
      `buffer peaks above baseline (MB): ${peaks.map((p) => (p / MB).toFixed(2)).join(', ')}; RSS growth ${(grown / MB).toFixed(2)} MB`,
    );
    // A whole document held anywhere (client, parser, storage) is 10 MB of buffers at the last marks.
    expect(Math.max(...peaks)).toBeLessThan(4 * MB);
    expect(grown).toBeLessThan(15 * MB);
    // Each look is two full collections of the Jest worker's whole heap: in a worker that has run many
    // suites before (CI), the 62 collections took over 120 s while the test alone takes 17 s.
  }, 300_000);
});
