import { afterFailure, isLocked, LOCK_DURATION_MS } from './lock-policy';

const t0 = new Date('2026-04-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('lock policy', () => {
  it('does not lock at the 4th failure', () => {
    let s = { failedLogins: 0, lockedUntil: null as Date | null };
    for (let i = 0; i < 4; i++) s = afterFailure(s, t0);
    expect(s).toEqual({ failedLogins: 4, lockedUntil: null, lockedNow: false });
  });

  it('locks at the 5th failure until 24 hours after it', () => {
    const s = afterFailure({ failedLogins: 4, lockedUntil: null }, at(1000));
    expect(s).toEqual({ failedLogins: 5, lockedUntil: at(1000 + LOCK_DURATION_MS), lockedNow: true });
  });

  it('is locked at 23:59:59.999 and free at exactly 24:00:00', () => {
    const until = at(LOCK_DURATION_MS);
    expect(isLocked(until, at(LOCK_DURATION_MS - 1))).toBe(true);
    expect(isLocked(until, at(LOCK_DURATION_MS))).toBe(false);
  });

  it('does not count failures during the lock', () => {
    const locked = { failedLogins: 5, lockedUntil: at(LOCK_DURATION_MS) };
    expect(afterFailure(locked, at(10))).toEqual({ ...locked, lockedNow: false });
  });

  it('starts counting afresh after the lock lapses', () =>
    expect(afterFailure({ failedLogins: 5, lockedUntil: at(LOCK_DURATION_MS) }, at(LOCK_DURATION_MS))).toEqual({
      failedLogins: 1,
      lockedUntil: null,
      lockedNow: false,
    }));
});
