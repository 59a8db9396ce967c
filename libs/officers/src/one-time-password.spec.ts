import { passwordProblems } from '@app/fields';
import { ONE_TIME_PASSWORD_LENGTH, oneTimePassword } from './one-time-password';

describe('oneTimePassword', () => {
  it('is 16 characters, meets the password policy and differs every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const pw = oneTimePassword('SATO.K');
      expect(pw).toHaveLength(ONE_TIME_PASSWORD_LENGTH);
      expect(ONE_TIME_PASSWORD_LENGTH).toBeGreaterThanOrEqual(16);
      expect(passwordProblems(pw, { userId: 'SATO.K' })).toEqual([]);
      expect(pw).not.toMatch(/[0O1lI]/);
      seen.add(pw);
    }
    expect(seen.size).toBe(300);
  });
});
