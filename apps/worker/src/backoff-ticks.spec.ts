import { backoffTicks } from './backoff-ticks';

describe('backoffTicks', () => {
  it('doubles the pause after each failure in a row, up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffTicks(n, 2000))).toEqual([0, 1, 3, 7, 14, 14, 14, 14, 14]);
  });

  it('never skips a tick of a job that runs less often than the cap', () => {
    expect([1, 2, 10].map((n) => backoffTicks(n, 300_000))).toEqual([0, 0, 0]);
  });
});
