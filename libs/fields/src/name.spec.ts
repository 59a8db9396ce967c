import { nameEnField, raisesToNewLetters } from './name';

const messages = (typed: string) => nameEnField.safeParse(typed).error?.issues.map((i) => i.message);

describe('nameEnField (氏名（英字）)', () => {
  it('raises lower-case ASCII letters for the user', () =>
    expect(nameEnField.parse('  tanaka taro ')).toBe('TANAKA TARO'));

  it.each(['STRAßE', 'straße', 'ﬁSCHER', 'ﬂORES', 'ıSIK', 'ſMITH', 'Weiß Anna'])(
    'refuses %j, whose capitals would spell letters that were not typed, with one message',
    (typed) => expect(messages(typed)).toEqual(['validation.nameEnRaised']),
  );

  it.each([
    ['JOSÉ', 'validation.nameEn'],
    ['ＴＡＮＡＫＡ', 'validation.nameEn'],
    ['TANAKA  TARO', 'validation.nameEn'],
  ])('keeps refusing %j as not A–Z', (typed, key) => expect(messages(typed)).toEqual([key]));
});

describe('raisesToNewLetters', () => {
  it.each([
    ['ß', true],
    ['ﬁ', true],
    ['ŉ', true],
    ['é', false],
    ['Ａ', false],
    ['tanaka', false],
    ['', false],
  ])('%j → %s', (typed, expected) => expect(raisesToNewLetters(typed)).toBe(expected));
});
