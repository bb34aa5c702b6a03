import type Database from 'better-sqlite3';
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
import { ROLES, SCOPES, type AccountStore, type Role, type Scope, type SessionRow, type TokenRow, type UserRow } from './accounts.js';

/** argon2id (`Algorithm.Argon2id`; the enum is declared `const` and cannot be imported by value). */
const ARGON2ID = 2;
/** A web session lasts two weeks from login. */
export const SESSION_TTL_MS = 14 * 86_400_000;
/** User names: letters, digits and . _ - (1 to 64), so they read the same on the command line and in a page. */
const NAME = /^[\p{L}\p{N}._-]{1,64}$/u;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** 32 random bytes, base64url. */
export const randomToken = () => randomBytes(32).toString('base64url');

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPasswordHash(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

interface UserDb {
  id: number;
  name: string;
  role: Role;
  password_hash: string;
  created_at: string;
}

const toUser = (r: UserDb): UserRow => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at });

/** Accounts on SQLite (tables of migration 015). */
export class SqliteAccounts implements AccountStore {
  /** Compared against when the user does not exist, so a wrong name costs as long as a wrong password. */
  private dummyHash?: Promise<string>;

  constructor(private readonly raw: Database.Database) {}

  async addUser(name: string, role: Role, password: string): Promise<UserRow> {
    if (!NAME.test(name)) throw new Error(`user name ${JSON.stringify(name)}: use letters, digits, '.', '_' or '-' (at most 64)`);
    if (!ROLES.includes(role)) throw new Error(`role ${role}: expected one of ${ROLES.join(', ')}`);
    checkPassword(password);
    if (this.getUser(name)) throw new Error(`there is already a user called ${name}`);
    const passwordHash = await hashPassword(password);
    const createdAt = new Date().toISOString();
    const id = Number(
      this.raw.prepare('INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)').run(name, role, passwordHash, createdAt).lastInsertRowid,
    );
    return { id, name, role, createdAt };
  }

  listUsers(): UserRow[] {
    return (this.raw.prepare('SELECT * FROM users ORDER BY name').all() as UserDb[]).map(toUser);
  }

  getUser(name: string): UserRow | undefined {
    const r = this.raw.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserDb | undefined;
    return r ? toUser(r) : undefined;
  }

  removeUser(name: string): boolean {
    return this.raw.prepare('DELETE FROM users WHERE name = ?').run(name).changes > 0;
  }

  setRole(name: string, role: Role): boolean {
    if (!ROLES.includes(role)) throw new Error(`role ${role}: expected one of ${ROLES.join(', ')}`);
    return this.raw.prepare('UPDATE users SET role = ? WHERE name = ?').run(role, name).changes > 0;
  }

  async setPassword(name: string, password: string): Promise<boolean> {
    checkPassword(password);
    const user = this.getUser(name);
    if (!user) return false;
    const passwordHash = await hashPassword(password);
    this.raw.transaction(() => {
      this.raw.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, user.id);
      this.raw.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
    })();
    return true;
  }

  async verifyPassword(name: string, password: string): Promise<UserRow | null> {
    const r = this.raw.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserDb | undefined;
    if (!r) {
      this.dummyHash ??= hashPassword(randomToken());
      await verifyPasswordHash(await this.dummyHash, password);
      return null;
    }
    return (await verifyPasswordHash(r.password_hash, password)) ? toUser(r) : null;
  }

  addToken(userName: string, scope: Scope): { id: number; token: string } {
    if (!SCOPES.includes(scope)) throw new Error(`scope ${scope}: expected one of ${SCOPES.join(', ')}`);
    const user = this.getUser(userName);
    if (!user) throw new Error(`there is no user called ${userName}`);
    const token = randomToken();
    const id = Number(
      this.raw
        .prepare('INSERT INTO api_tokens (user_id, scope, token_hash, created_at) VALUES (?, ?, ?, ?)')
        .run(user.id, scope, sha256(token), new Date().toISOString()).lastInsertRowid,
    );
    return { id, token };
  }

  listTokens(): TokenRow[] {
    const rows = this.raw
      .prepare('SELECT t.id, t.user_id, u.name, t.scope, t.created_at, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id')
      .all() as { id: number; user_id: number; name: string; scope: Scope; created_at: string; last_used_at: string | null }[];
    return rows.map((r) => ({ id: r.id, userId: r.user_id, userName: r.name, scope: r.scope, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  }

  revokeToken(id: number): boolean {
    return this.raw.prepare('DELETE FROM api_tokens WHERE id = ?').run(id).changes > 0;
  }

  resolveToken(token: string): { user: UserRow; scope: Scope; tokenId: number } | null {
    const r = this.raw
      .prepare('SELECT t.id AS token_id, t.scope, t.last_used_at, u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?')
      .get(sha256(token)) as (UserDb & { token_id: number; scope: Scope; last_used_at: string | null }) | undefined;
    if (!r) return null;
    const now = new Date().toISOString();
    // Last use kept to the minute: a busy client does not write on every request.
    if (!r.last_used_at || r.last_used_at.slice(0, 16) !== now.slice(0, 16)) {
      this.raw.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, r.token_id);
    }
    return { user: toUser(r), scope: r.scope, tokenId: r.token_id };
  }

  createSession(userId: number, ttlMs = SESSION_TTL_MS): { id: string; csrf: string; expiresAt: string } {
    const id = randomToken();
    const csrf = randomToken();
    const now = Date.now();
    const expiresAt = new Date(now + ttlMs).toISOString();
    this.raw.transaction(() => {
      this.raw.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(new Date(now).toISOString());
      this.raw.prepare('INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(sha256(id), userId, csrf, new Date(now).toISOString(), expiresAt);
    })();
    return { id, csrf, expiresAt };
  }

  resolveSession(id: string): SessionRow | null {
    const r = this.raw
      .prepare('SELECT s.csrf, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?')
      .get(sha256(id)) as (UserDb & { csrf: string; expires_at: string }) | undefined;
    if (!r || r.expires_at <= new Date().toISOString()) return null;
    return { user: toUser(r), csrf: r.csrf, expiresAt: r.expires_at };
  }

  endSession(id: string): void {
    this.raw.prepare('DELETE FROM sessions WHERE id_hash = ?').run(sha256(id));
  }
}

function checkPassword(password: string): void {
  if (password.length < 8) throw new Error('the password must have at least 8 characters');
  if (password.length > 1024) throw new Error('the password must have at most 1024 characters');
}
