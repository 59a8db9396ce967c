/**
 * Writes items in groups, one write at a time: the first item is written at once, and what arrives
 * while a write runs goes into the next one. An item waits at most for the write in flight and its
 * own, so a caller that does not wait for it meanwhile (e.g. a lane going on to its next mail) loses
 * no time, and under load many items share one statement. Each item's promise is its group's result.
 */
export function grouped<T, R>(write: (items: T[]) => Promise<R>): (item: T) => Promise<R> {
  let waiting: { item: T; settle: (result: Promise<R>) => void }[] = [];
  let writing = false;
  const drain = async () => {
    writing = true;
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      const result = write(group.map((w) => w.item));
      for (const w of group) w.settle(result);
      await result.catch(() => undefined);
    }
    writing = false;
  };
  return (item) =>
    new Promise<R>((resolve) => {
      waiting.push({ item, settle: resolve });
      if (!writing) void drain();
    });
}
