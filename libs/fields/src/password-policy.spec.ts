import { passwordProblems } from './password-policy';

describe('passwordProblems', () => {
  it.each([
    ['9 characters', 'Abcd3fg#h', ['password.tooShort']],
    ['10 characters', 'Abcd3fg#hj', []],
    ['20 characters', 'Abcd3fg#hjKlmn0pqrSt', []],
    ['21 characters', 'Abcd3fg#hjKlmn0pqrStu', ['password.tooLong']],
    ['no upper-case letter', 'abcd3fg#hj', ['password.needsUpper']],
    ['no lower-case letter', 'ABCD3FG#HJ', ['password.needsLower']],
    ['no digit', 'Abcdefg#hj', ['password.needsDigit']],
    ['no symbol', 'Abcd3fgxhj', ['password.needsSymbol']],
    ['a disallowed symbol', 'Abcd3fg#h^', ['password.invalidCharacters']],
    ['a space', 'Abcd3f #hj', ['password.invalidCharacters']],
    [
      'full-width characters',
      'Ａｂｃｄ３ｆｇ＃ｈｊ',
      [
        'password.invalidCharacters',
        'password.needsUpper',
        'password.needsLower',
        'password.needsDigit',
        'password.needsSymbol',
      ],
    ],
    ['full-width digit among valid ones', 'Abcd３fg#hj1', ['password.invalidCharacters']],
    ['Japanese text', 'パスワードAb1#xyzqw', ['password.invalidCharacters']],
    [
      'empty',
      '',
      [
        'password.tooShort',
        'password.needsUpper',
        'password.needsLower',
        'password.needsDigit',
        'password.needsSymbol',
      ],
    ],
  ])('%s', (_label, password, expected) => expect(passwordProblems(password)).toEqual(expected));

  it.each([...'$%&=@_#*+-?!'])('accepts the symbol %s', (symbol) =>
    expect(passwordProblems(`Abcd3fgxh${symbol}`)).toEqual([]),
  );

  it('refuses a password containing the user ID, in any case', () =>
    expect(passwordProblems('xk7m2qx9hda#A1', { userId: 'K7M2QX9HDA' })).toContain('password.containsUserId'));

  it("refuses a password containing the e-mail's local part", () =>
    expect(passwordProblems('Tanaka.Taro'.replace('.', '#') + '12', { email: 'tanaka#taro@example.jp' })).toContain(
      'password.containsEmail',
    ));

  it.each(['Password123!', 'P@ssw0rd123!', 'Qwerty12345#', 'Iloveyou!123'])('refuses the common password %s', (pw) =>
    expect(passwordProblems(pw)).toEqual(['password.common']),
  );

  it('accepts an uncommon password', () => expect(passwordProblems('Kawa$emi7Ritsu')).toEqual([]));
});
