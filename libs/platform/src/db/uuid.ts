const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Ids come from URLs and from other features' rows: one that is not a uuid is simply not found
 * (PostgreSQL would refuse to compare it with a uuid column). Lower case, as PostgreSQL prints them.
 */
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);
