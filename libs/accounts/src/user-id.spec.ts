import { generateUserId, normalizeUserId, USER_ID_ALPHABET } from './user-id';

describe('generateUserId', () => {
  it('uses only unambiguous characters and has ten of them', () => {
    for (let i = 0; i < 2000; i++) {
      const id = generateUserId();
      expect(id).toMatch(new RegExp(`^[${USER_ID_ALPHABET}]{10}$`));
      expect(id).not.toMatch(/[01ILO]/);
    }
  });

  it('does not repeat itself', () => {
    const ids = new Set(Array.from({ length: 5000 }, generateUserId));
    expect(ids.size).toBe(5000);
  });
});

describe('normalizeUserId', () => {
  it.each([
    [' k7m2qx9hda ', 'K7M2QX9HDA'],
    ['K7M2 QX9H DA', 'K7M2QX9HDA'],
    ['legacy-user-07', 'LEGACY-USER-07'],
    ['legacy_user01', 'LEGACY_USER01'],
  ])('%j -> %s', (input, out) => expect(normalizeUserId(input)).toBe(out));
});
