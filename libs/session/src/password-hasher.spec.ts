import bcrypt from 'bcrypt';
import { loadConfig } from '@app/platform';
import { PasswordHasher } from './password-hasher';

const COST = 6;
const hasher = () => new PasswordHasher(loadConfig({ NODE_ENV: 'test', BCRYPT_COST: String(COST) }));

describe('PasswordHasher', () => {
  afterEach(() => jest.restoreAllMocks());

  it('makes exactly one comparison at the configured cost for an unknown login ID, every time', async () => {
    const h = hasher();
    await h.verifyNothing('warm-up');
    const compare = jest.spyOn(bcrypt, 'compare');
    const hash = jest.spyOn(bcrypt, 'hash');
    for (let i = 0; i < 3; i++) expect(await h.verifyNothing(`guess-${i}`)).toBe(false);
    expect(compare).toHaveBeenCalledTimes(3);
    expect(hash).not.toHaveBeenCalled();
    for (const [, against] of compare.mock.calls) expect(bcrypt.getRounds(against)).toBe(COST);
  });

  it('hashes nothing at start-up, and no password matches its dummy hash', async () => {
    const hash = jest.spyOn(bcrypt, 'hash');
    const h = hasher();
    expect(hash).not.toHaveBeenCalled();
    expect(await h.verifyNothing('')).toBe(false);
    expect(await h.verifyNothing('no-such-user-password')).toBe(false);
  });

  it('asks for a rehash only below the configured cost', async () => {
    const h = hasher();
    expect(h.needsRehash(await bcrypt.hash('x', 4))).toBe(true);
    expect(h.needsRehash(await bcrypt.hash('x', COST))).toBe(false);
    expect(h.needsRehash(await bcrypt.hash('x', COST + 1))).toBe(false);
    expect(h.needsRehash('not a hash')).toBe(false);
  });
});
