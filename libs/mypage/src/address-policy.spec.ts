import { CATEGORIES } from '@app/accounts';
import { canChangeAddress } from './address-policy';

describe('canChangeAddress', () => {
  const approved = new Date('2026-04-01T00:00:00Z');
  it.each(CATEGORIES.map((c) => [c, c !== 'institution_staff'] as const))('approved %s -> %s', (category, allowed) =>
    expect(canChangeAddress({ approvedAt: approved, category })).toBe(allowed),
  );
  it.each(CATEGORIES)('never before approval (%s)', (category) =>
    expect(canChangeAddress({ approvedAt: null, category })).toBe(false),
  );
});
