import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { decodeKey, keyIdOf, SecretCipher, SecretUnreadableError } from './secret-cipher';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const HERE = 'officer.totp_secret:7d5c0c9e-2f0e-4d0a-9a43-1b6c1d3b2a10';

describe('SecretCipher', () => {
  const key = randomBytes(32);
  const cipher = new SecretCipher(key);

  it('seals as v1:<keyId>:<iv>:<ciphertext>:<tag> in base64url and opens it again', () => {
    const sealed = cipher.seal(SECRET, HERE);
    const [version, keyId, iv, body, tag] = sealed.split(':');
    expect(version).toBe('v1');
    expect(keyId).toBe(keyIdOf(key));
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(body).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(SECRET);
    expect(cipher.open(sealed, HERE)).toBe(SECRET);
    expect(cipher.isCurrent(sealed)).toBe(true);
    expect(SecretCipher.isSealed(sealed)).toBe(true);
    expect(SecretCipher.isSealed(SECRET)).toBe(false);
  });

  it('uses a new IV every time, so one secret never looks the same twice', () => {
    const a = cipher.seal(SECRET, HERE);
    const b = cipher.seal(SECRET, HERE);
    expect(a).not.toBe(b);
    expect(a.split(':')[2]).not.toBe(b.split(':')[2]);
  });

  it('refuses a value under another key', () => {
    const other = new SecretCipher(randomBytes(32));
    expect(() => other.open(cipher.seal(SECRET, HERE), HERE)).toThrow(SecretUnreadableError);
  });

  it('refuses a value sealed for another place (another officer row)', () => {
    const sealed = cipher.seal(SECRET, HERE);
    expect(() => cipher.open(sealed, 'officer.totp_secret:00000000-0000-4000-8000-000000000000')).toThrow(
      SecretUnreadableError,
    );
  });

  it.each([
    ['a changed ciphertext', (p: string[]) => (p[3] = flip(p[3]))],
    ['a changed IV', (p: string[]) => (p[2] = flip(p[2]))],
    ['a changed tag', (p: string[]) => (p[4] = flip(p[4]))],
    ['a shortened tag', (p: string[]) => (p[4] = p[4].slice(0, 8))],
    ['another key id', (p: string[]) => (p[1] = keyIdOf(randomBytes(32)))],
    ['another version', (p: string[]) => (p[0] = 'v2')],
    ['a missing part', (p: string[]) => p.pop()],
  ])('refuses %s', (_, change) => {
    const parts = cipher.seal(SECRET, HERE).split(':');
    change(parts);
    expect(() => cipher.open(parts.join(':'), HERE)).toThrow(SecretUnreadableError);
  });

  it('refuses a plain value', () => {
    expect(() => cipher.open(SECRET, HERE)).toThrow(SecretUnreadableError);
  });

  it('rotates: the new key seals, an old key still opens what it sealed, and says it is not current', () => {
    const oldKey = randomBytes(32);
    const before = new SecretCipher(oldKey).seal(SECRET, HERE);
    const rotated = new SecretCipher(key, [oldKey]);
    expect(rotated.open(before, HERE)).toBe(SECRET);
    expect(rotated.isCurrent(before)).toBe(false);
    const after = rotated.seal(SECRET, HERE);
    expect(after.split(':')[1]).toBe(keyIdOf(key));
    expect(rotated.isCurrent(after)).toBe(true);
    // Once the old key is dropped, what it sealed no longer opens (hence officer:reseal-secrets first).
    expect(() => new SecretCipher(key).open(before, HERE)).toThrow(SecretUnreadableError);
  });

  it('never shows a key or a secret in its errors or when inspected', () => {
    let message = '';
    try {
      new SecretCipher(randomBytes(32)).open(cipher.seal(SECRET, HERE), HERE);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(key.toString('base64'));
    const shown = inspect(cipher, { depth: 5, showHidden: true });
    expect(shown).not.toContain(
      key
        .toString('hex')
        .slice(0, 2 * 8)
        .replace(/(..)/g, '$1 ')
        .trim(),
    );
    expect(shown).not.toContain(key.toString('base64'));
  });
});

describe('decodeKey', () => {
  const key = randomBytes(32);

  it('reads 32 bytes in base64 or base64url', () => {
    expect(decodeKey(key.toString('base64'))).toEqual(key);
    expect(decodeKey(key.toString('base64url'))).toEqual(key);
    expect(decodeKey(` ${key.toString('base64')}\n`)).toEqual(key);
  });

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['too long', randomBytes(48).toString('base64')],
    ['not base64', 'x'.repeat(43) + '!'],
    ['empty', ''],
  ])('refuses a key %s', (_, text) => expect(decodeKey(text)).toBeUndefined());
});

/** The first character of a base64url part swapped for another, so its bytes change. */
const flip = (part: string): string => (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
