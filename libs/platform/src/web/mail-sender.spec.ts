import { loadConfig } from '../config/config';
import { hasSenderAddress, senderAddress } from './mail-sender';

describe('senderAddress', () => {
  it('takes the address out of "Name <address>"', () =>
    expect(senderAddress('Residence Online <no-reply@residence-online.example>')).toBe(
      'no-reply@residence-online.example',
    ));
  it('keeps a bare address', () => expect(senderAddress(' notices@agency.example ')).toBe('notices@agency.example'));
  it('reads a quoted name with angle brackets in it', () =>
    expect(senderAddress('"Office <Tokyo>" <tokyo@agency.example>')).toBe('tokyo@agency.example'));

  it('accepts what the e-mail field accepts, up to its 254 characters', () => {
    const longest = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(53)}.example`;
    expect(longest).toHaveLength(254);
    expect(senderAddress(`Agency <${longest}>`)).toBe(longest);
    expect(senderAddress('first.last+tag@sub.agency.example')).toBe('first.last+tag@sub.agency.example');
  });

  it.each([
    ['no address at all', 'Residence Online'],
    ['no domain', 'Residence Online <no-reply@>'],
    ['no local part', '<@agency.example>'],
    ['a domain without a dot', 'no-reply@localhost'],
    ['two @', 'a@b@agency.example'],
    ['a space inside', 'Agency <no reply@agency.example>'],
    ['empty angle brackets', 'Agency <>'],
    ['255 characters', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(54)}.example`],
  ])('refuses %s, as the e-mail field would', (_, from) => {
    expect(hasSenderAddress(from)).toBe(false);
    expect(() => senderAddress(from)).toThrow('MAIL_FROM names no valid address');
  });

  it('makes a MAIL_FROM without a valid address a configuration error at start', () => {
    expect(() => loadConfig({ MAIL_FROM: 'Residence Online <no-reply@>' })).toThrow('Invalid configuration: MAIL_FROM');
    expect(loadConfig({ MAIL_FROM: '"Agency" <notices@agency.example>' }).mailFrom).toBe(
      '"Agency" <notices@agency.example>',
    );
  });
});
