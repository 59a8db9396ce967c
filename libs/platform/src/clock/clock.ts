/**
 * The one source of "now". Nothing else reads the system time, so every time-based rule can be
 * tested at its exact boundary by injecting another clock.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    // eslint-disable-next-line no-restricted-syntax -- the single permitted reading of the system time
    return new Date();
  }
}

/** A clock for tests: starts at a given instant and moves only when told. */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date | string) {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
