import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [6, 1_920_000],
    [7, 3_600_000],
    [20, 3_600_000],
  ])('after %d failures waits %d ms', (attempts, ms) => expect(retryDelayMs(attempts)).toBe(ms));

  it('never shrinks as failures grow', () => {
    for (let n = 1; n < 30; n++) expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(retryDelayMs(n));
  });
});
