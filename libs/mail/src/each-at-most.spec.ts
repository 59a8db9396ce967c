import { eachAtMost } from './each-at-most';

describe('eachAtMost', () => {
  it('runs at most `limit` at once and every item even after one throws, then rethrows', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const work = async (n: number) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, n === 0 ? 1 : 5));
      running--;
      if (n === 0) throw new Error('item 0');
      done.push(n);
    };
    await expect(eachAtMost(3, [0, 1, 2, 3, 4, 5, 6], work)).rejects.toThrow('item 0');
    expect(running).toBe(0);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(most).toBe(3);
  });
});
