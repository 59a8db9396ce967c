import type { ManualClock } from '@app/platform';
import type { Agent } from './http';

/**
 * Keeps `inFlight` requests for `path` running on `agent` while `change` runs, and waits for the last of
 * them: the stolen busy session whose requests straddle a credentials change. The app's clock moves on a
 * millisecond per request, as real time would, so every request records new activity (in the signed
 * activity cookie; the row itself is rewritten only once its stored time is 5 minutes old, and a
 * row written back after its deletion is still refused by the credentials version).
 * Returns what `change` returned and how many requests were made (so a test can see the session really
 * was busy). Bounded: it stops launching as soon as `change` settles.
 */
export async function whileBusy<T>(
  agent: Agent,
  path: string,
  clock: ManualClock,
  change: () => Promise<T>,
  inFlight = 20,
): Promise<{ result: T; requests: number }> {
  let done = false;
  let requests = 0;
  const worker = async () => {
    while (!done) {
      requests++;
      clock.advance(1);
      await agent.get(path);
    }
  };
  const workers = Array.from({ length: inFlight }, worker);
  // Let every worker have a request on the wire before the change starts.
  await new Promise((r) => setTimeout(r, 20));
  try {
    return { result: await change(), requests };
  } finally {
    done = true;
    await Promise.all(workers);
  }
}
