import { grouped } from './grouped';

describe('grouped', () => {
  it('writes the first item at once and what arrives meanwhile in one next write, one write at a time', async () => {
    const writes: number[][] = [];
    let running = 0;
    let most = 0;
    const write = grouped(async (items: number[]) => {
      running++;
      most = Math.max(most, running);
      writes.push(items);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return items.length;
    });
    const results = await Promise.all([write(1), write(2), write(3), write(4)]);
    expect(writes).toEqual([[1], [2, 3, 4]]);
    expect(results).toEqual([1, 3, 3, 3]);
    expect(most).toBe(1);
    expect(await write(5)).toBe(1);
  });

  it('gives a failed write to its own items only, and goes on with the next group', async () => {
    const write = grouped(async (items: string[]) => {
      await new Promise((r) => setTimeout(r, 1));
      if (items.includes('bad')) throw new Error('refused');
      return 'ok';
    });
    const bad = write('bad');
    const later = [write('a'), write('b')];
    await expect(bad).rejects.toThrow('refused');
    expect(await Promise.all(later)).toEqual(['ok', 'ok']);
  });
});
