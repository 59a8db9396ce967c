import { senderAddress } from './mail-sender';

describe('senderAddress', () => {
  it('takes the address out of "Name <address>"', () =>
    expect(senderAddress('Residence Online <no-reply@residence-online.example>')).toBe(
      'no-reply@residence-online.example',
    ));
  it('keeps a bare address', () => expect(senderAddress(' notices@agency.example ')).toBe('notices@agency.example'));
  it('reads a quoted name with angle brackets in it', () =>
    expect(senderAddress('"Office <Tokyo>" <tokyo@agency.example>')).toBe('tokyo@agency.example'));
});
