import { DatabaseAvailability, isDatabaseUnavailable } from './database-unavailable';

describe('isDatabaseUnavailable', () => {
  it.each([
    ['refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [
      'admin shutdown',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['connection exception class', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['terminated socket', new Error('Connection terminated unexpectedly')],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
    ['wrapped by TypeORM', Object.assign(new Error('query failed'), { driverError: { code: '57P01' } })],
    [
      'AggregateError of both address families',
      Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], ''), {}),
    ],
  ])('recognizes a %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['syntax error', Object.assign(new Error('syntax error at or near'), { code: '42601' })],
    ['plain error', new Error('boom')],
    ['non-error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('does not take a %s for an outage', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('DatabaseAvailability', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const timedOut = new Error('Connection terminated due to connection timeout');

  function watched() {
    const availability = new DatabaseAvailability();
    const lines: string[] = [];
    const logger = (availability as unknown as { logger: { warn: unknown; log: unknown } }).logger;
    logger.warn = (m: string) => lines.push(`warn ${m}`);
    logger.log = (m: string) => lines.push(`log ${m}`);
    return { availability, lines };
  }

  it('logs an outage once however many runs fail, and its end once', () => {
    const { availability, lines } = watched();
    for (let i = 0; i < 5; i++) expect(availability.failed(refused, availability.begin())).toBe(true);
    expect(availability.unavailable).toBe(true);
    availability.reached();
    availability.reached();
    expect(availability.unavailable).toBe(false);
    expect(lines).toEqual([
      'warn database unavailable, backing off: connect ECONNREFUSED 127.0.0.1:5432',
      'log database reachable again, resuming',
    ]);
  });

  it('does not reopen the outage for a run that began before the database was seen again', () => {
    const { availability, lines } = watched();
    availability.failed(refused, availability.begin());
    const slow = availability.begin(); // its connection attempt hangs through the restart
    availability.reached(); // another job gets through
    expect(availability.failed(timedOut, slow)).toBe(true); // still backs off
    expect(availability.unavailable).toBe(false);
    expect(lines).toHaveLength(2);
  });

  it('opens the next outage for a run begun after the recovery', () => {
    const { availability, lines } = watched();
    availability.failed(refused, availability.begin());
    availability.reached();
    const next = availability.begin();
    expect(availability.failed(timedOut, next)).toBe(true);
    expect(availability.unavailable).toBe(true);
    expect(lines.filter((l) => l.startsWith('warn'))).toHaveLength(2);
  });

  it('ignores errors that are not outages', () => {
    const { availability, lines } = watched();
    expect(availability.failed(new Error('syntax error at or near "SELEC"'), availability.begin())).toBe(false);
    expect(availability.unavailable).toBe(false);
    expect(lines).toEqual([]);
  });
});
