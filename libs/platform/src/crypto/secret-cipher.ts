// migrations/1766152800000-SealTotpSecrets imports this file (and config/config) by relative path, not
// through @app/platform (whose barrel loads the migration runner): moving either file means updating it;
// `npm run typecheck` covers migrations/ and fails if the path breaks.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Why a sealed value could not be opened; never carries the value or a key. */
export class SecretUnreadableError extends Error {
  constructor(reason: string) {
    super(`sealed secret cannot be opened: ${reason}`);
  }
}

/**
 * The id a key goes by in the values it sealed: a digest of the key, so a value names its key without
 * revealing it and the operator never has to number keys. 8 bytes: keys in use at once are a handful.
 */
export const keyIdOf = (key: Buffer): string =>
  createHash('sha256')
    .update('residence-online secret key id\0')
    .update(key)
    .digest()
    .subarray(0, 8)
    .toString('base64url');

/** A key setting (32 bytes in standard or URL-safe base64) as bytes; undefined when it is not one. */
export function decodeKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
  return key.length === 32 ? key : undefined;
}

/**
 * Secrets at rest (docs/decisions.md, "TOTP secrets encrypted at rest"): AES-256-GCM with a random 96-bit IV
 * per value, stored as `v1:<keyId>:<iv>:<ciphertext>:<tag>` (base64url). `context` is authenticated, not
 * stored: it names the value's place (e.g. the officer row), so a value copied elsewhere does not open.
 * New values use the current key; the old keys only open values sealed before a rotation.
 */
export class SecretCipher {
  // Private fields (#): an inspected or logged cipher shows no key.
  readonly #currentId: string;
  readonly #keys = new Map<string, Buffer>();

  constructor(current: Buffer, old: readonly Buffer[] = []) {
    this.#currentId = keyIdOf(current);
    for (const key of [current, ...old]) if (!this.#keys.has(keyIdOf(key))) this.#keys.set(keyIdOf(key), key);
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#keys.get(this.#currentId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, this.#currentId, iv, body, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join(':');
  }

  /** The plain value; throws SecretUnreadableError for an unknown key, a changed value or another context. */
  open(sealed: string, context: string): string {
    const parts = sealed.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretUnreadableError('not a v1 value');
    const [, keyId, iv, body, tag] = parts;
    const key = this.#keys.get(keyId);
    if (!key) throw new SecretUnreadableError(`key ${keyId} is not configured`);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnreadableError('authentication failed (changed, or sealed for another place)');
    }
  }

  /** Whether `sealed` is under the current key (else a rotation should seal it again). */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`${VERSION}:${this.#currentId}:`);
  }

  static isSealed(value: string): boolean {
    return value.startsWith(`${VERSION}:`);
  }
}

/** The cipher of the configured keys (what the apps inject, and what a migration builds for itself). */
export const secretCipherOf = (config: { secretsKeys: { current: Buffer; old: Buffer[] } }): SecretCipher =>
  new SecretCipher(config.secretsKeys.current, config.secretsKeys.old);
