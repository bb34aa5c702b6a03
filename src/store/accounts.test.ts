import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { testBackends } from '../testing/backends.js';
import { hashPassword, sha256, verifyPasswordHash } from './account-secrets.js';
import { openStore } from './open-store.js';
import { PostgresStore } from './postgres/pg-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** One column of one row, read with the store's own SQL connection. */
async function cell(store: Store, query: string, arg: unknown): Promise<unknown> {
  if (store instanceof SqliteStore) return store.raw.prepare(query.replace('$1', '?')).pluck().get(arg);
  if (store instanceof PostgresStore) return Object.values((await store.pool.query(query, [arg])).rows[0] ?? {})[0];
  throw new Error('unknown store');
}

it('hashes passwords with argon2id and verifies them', async () => {
  const h = await hashPassword('correct horse');
  expect(h).toMatch(/^\$argon2id\$v=19\$/);
  expect(await verifyPasswordHash(h, 'correct horse')).toBe(true);
  expect(await verifyPasswordHash(h, 'wrong horse')).toBe(false);
  expect(await verifyPasswordHash('not a hash', 'x')).toBe(false);
});

describe.each(testBackends())('accounts ($name)', (backend) => {
  let store: Store | undefined;
  const open = async () => (store = await openStore(await backend.location()));
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  afterAll(() => backend.cleanup());

  it('adds, lists, checks, re-passwords and removes users', async () => {
    const a = (await open()).accounts;
    await a.addUser('ana', 'admin', 'password-1');
    await a.addUser('ed', 'editor', 'password-2');
    await expect(a.addUser('ed', 'reader', 'password-3')).rejects.toThrow(/already/);
    await expect(a.addUser('bad name', 'reader', 'password-3')).rejects.toThrow(/user name/);
    await expect(a.addUser('short', 'reader', 'x')).rejects.toThrow(/at least 8/);
    expect((await a.listUsers()).map((u) => [u.name, u.role])).toEqual([['ana', 'admin'], ['ed', 'editor']]);
    const stored = (await cell(store!, 'SELECT password_hash FROM users WHERE name = $1', 'ed')) as string;
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain('password-2');
    expect(await a.verifyPassword('ed', 'password-2')).toMatchObject({ name: 'ed', role: 'editor' });
    expect(await a.verifyPassword('ed', 'password-1')).toBeNull();
    expect(await a.verifyPassword('nobody', 'password-1')).toBeNull();
    const s = await a.createSession((await a.getUser('ed'))!.id);
    expect((await a.resolveSession(s.id))?.user.name).toBe('ed');
    expect(await a.setPassword('ed', 'new-password')).toBe(true);
    expect(await a.resolveSession(s.id)).toBeNull(); // a new password ends the sessions
    expect(await a.verifyPassword('ed', 'new-password')).not.toBeNull();
    expect(await a.setRole('ed', 'reader')).toBe(true);
    expect(await a.setRole('nobody', 'reader')).toBe(false);
    expect((await a.getUser('ed'))?.role).toBe('reader');
    expect(await a.removeUser('ed')).toBe(true);
    expect(await a.removeUser('ed')).toBe(false);
    expect((await a.listUsers()).map((u) => u.name)).toEqual(['ana']);
  });

  it('keeps tokens as SHA-256 only, resolves and revokes them', async () => {
    const a = (await open()).accounts;
    await a.addUser('ed', 'editor', 'password-2');
    const { id, token } = await a.addToken('ed', 'write');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await cell(store!, 'SELECT token_hash FROM api_tokens WHERE id = $1', id)).toBe(sha256(token));
    expect(await a.resolveToken(token)).toMatchObject({ scope: 'write', user: { name: 'ed' } });
    expect(await a.resolveToken(token + 'x')).toBeNull();
    expect(await a.listTokens()).toMatchObject([{ id, userName: 'ed', scope: 'write', lastUsedAt: expect.any(String) }]);
    await expect(a.addToken('nobody', 'read')).rejects.toThrow(/no user/);
    expect(await a.revokeToken(id)).toBe(true);
    expect(await a.revokeToken(id)).toBe(false);
    expect(await a.resolveToken(token)).toBeNull();
    // Removing a user takes his tokens with him.
    const again = await a.addToken('ed', 'read');
    await a.removeUser('ed');
    expect(await a.resolveToken(again.token)).toBeNull();
  });

  it('expires sessions and ends them on logout', async () => {
    const a = (await open()).accounts;
    const u = await a.addUser('ed', 'editor', 'password-2');
    const gone = await a.createSession(u.id, -1);
    expect(await a.resolveSession(gone.id)).toBeNull();
    const s = await a.createSession(u.id);
    expect(await a.resolveSession(s.id)).toMatchObject({ csrf: s.csrf, user: { name: 'ed' } });
    await a.endSession(s.id);
    expect(await a.resolveSession(s.id)).toBeNull();
    // Only hashes are kept.
    expect(await cell(store!, 'SELECT count(*) FROM sessions WHERE id_hash = $1', sha256(s.id))).toBe(0);
  });
});
