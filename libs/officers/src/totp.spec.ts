import { groupedSecret, newTotpSecret, totpCode, totpStep, totpUri, totpValid } from './totp';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" in Base32; the last 6 of its 8-digit codes.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (unixSeconds: number) => new Date(unixSeconds * 1000);

describe('TOTP with the time passed in', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('gives the RFC 6238 code at %i s, whatever the system time', (t, code) => {
    expect(totpCode(RFC_SECRET, at(t))).toBe(code);
  });

  it('accepts one 30-second step of drift either way, not two', () => {
    const now = at(1_775_001_615); // in the middle of a step
    const step = 30_000;
    const code = (offsetSteps: number) => totpCode(RFC_SECRET, new Date(now.getTime() + offsetSteps * step));
    expect(totpValid(RFC_SECRET, code(0), now)).toBe(true);
    expect(totpValid(RFC_SECRET, code(-1), now)).toBe(true);
    expect(totpValid(RFC_SECRET, code(1), now)).toBe(true);
    expect(totpValid(RFC_SECRET, code(-2), now)).toBe(false);
    expect(totpValid(RFC_SECRET, code(2), now)).toBe(false);
  });

  it('names the step a code belongs to, not the step of the time it is checked at', () => {
    const now = at(1_775_001_615);
    const step = Math.floor(1_775_001_615 / 30);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now), now)).toBe(step);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, at(1_775_001_615 - 30)), now)).toBe(step - 1);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, at(1_775_001_615 + 30)), now)).toBe(step + 1);
    expect(totpStep(RFC_SECRET, '000000', at(59))).toBeUndefined();
  });

  it('refuses anything but 6 digits without consulting the secret', () => {
    const now = at(1_775_001_600);
    const code = totpCode(RFC_SECRET, now);
    for (const bad of ['', code.slice(1), `${code}0`, `${code.slice(0, 5)}a`, ` ${code}`]) {
      expect(totpValid(RFC_SECRET, bad, now)).toBe(false);
    }
  });

  it('makes fresh 160-bit secrets and an otpauth URI carrying them', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
    const uri = totpUri('SATO.K', a);
    expect(uri.startsWith('otpauth://totp/')).toBe(true);
    expect(new URL(uri).searchParams.get('secret')).toBe(a);
    expect(groupedSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});
