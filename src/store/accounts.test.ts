import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { openStore } from './open-store.js';
import { hashPassword, sha256, verifyPasswordHash } from './sqlite-accounts.js';
import type { SqliteStore } from './sqlite-store.js';

let store: SqliteStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('accounts', () => {
  it('hashes passwords with argon2id and verifies them', async () => {
    const h = await hashPassword('correct horse');
    expect(h).toMatch(/^\$argon2id\$v=19\$/);
    expect(await verifyPasswordHash(h, 'correct horse')).toBe(true);
    expect(await verifyPasswordHash(h, 'wrong horse')).toBe(false);
    expect(await verifyPasswordHash('not a hash', 'x')).toBe(false);
  });

  it('adds, lists, checks, re-passwords and removes users', async () => {
    store = await openStore(join(tempDir(), 'a.db'));
    const a = store.accounts;
    await a.addUser('ana', 'admin', 'password-1');
    await a.addUser('ed', 'editor', 'password-2');
    await expect(a.addUser('ed', 'reader', 'password-3')).rejects.toThrow(/already/);
    await expect(a.addUser('bad name', 'reader', 'password-3')).rejects.toThrow(/user name/);
    await expect(a.addUser('short', 'reader', 'x')).rejects.toThrow(/at least 8/);
    expect(a.listUsers().map((u) => [u.name, u.role])).toEqual([['ana', 'admin'], ['ed', 'editor']]);
    const stored = store.raw.prepare('SELECT password_hash FROM users WHERE name = ?').pluck().get('ed') as string;
    expect(stored).not.toContain('password-2');
    expect(await a.verifyPassword('ed', 'password-2')).toMatchObject({ name: 'ed', role: 'editor' });
    expect(await a.verifyPassword('ed', 'password-1')).toBeNull();
    expect(await a.verifyPassword('nobody', 'password-1')).toBeNull();
    const s = a.createSession(a.getUser('ed')!.id);
    expect(a.resolveSession(s.id)?.user.name).toBe('ed');
    expect(await a.setPassword('ed', 'new-password')).toBe(true);
    expect(a.resolveSession(s.id)).toBeNull(); // a new password ends the sessions
    expect(await a.verifyPassword('ed', 'new-password')).not.toBeNull();
    expect(a.removeUser('ed')).toBe(true);
    expect(a.removeUser('ed')).toBe(false);
    expect(a.listUsers().map((u) => u.name)).toEqual(['ana']);
  });

  it('keeps tokens as SHA-256 only, resolves and revokes them', async () => {
    store = await openStore(join(tempDir(), 't.db'));
    const a = store.accounts;
    await a.addUser('ed', 'editor', 'password-2');
    const { id, token } = a.addToken('ed', 'write');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = store.raw.prepare('SELECT token_hash FROM api_tokens WHERE id = ?').pluck().get(id);
    expect(row).toBe(sha256(token));
    expect(a.resolveToken(token)).toMatchObject({ scope: 'write', user: { name: 'ed' } });
    expect(a.resolveToken(token + 'x')).toBeNull();
    expect(a.listTokens()).toMatchObject([{ id, userName: 'ed', scope: 'write' }]);
    expect(() => a.addToken('nobody', 'read')).toThrow(/no user/);
    expect(a.revokeToken(id)).toBe(true);
    expect(a.resolveToken(token)).toBeNull();
    // Removing a user takes his tokens with him.
    const again = a.addToken('ed', 'read');
    a.removeUser('ed');
    expect(a.resolveToken(again.token)).toBeNull();
  });

  it('expires sessions and ends them on logout', async () => {
    store = await openStore(join(tempDir(), 's.db'));
    const a = store.accounts;
    const u = await a.addUser('ed', 'editor', 'password-2');
    const gone = a.createSession(u.id, -1);
    expect(a.resolveSession(gone.id)).toBeNull();
    const s = a.createSession(u.id);
    expect(a.resolveSession(s.id)).toMatchObject({ csrf: s.csrf, user: { name: 'ed' } });
    a.endSession(s.id);
    expect(a.resolveSession(s.id)).toBeNull();
  });
});
