import type { Kysely } from 'kysely';
import { checkNewUser, checkPassword, hashPassword, passwordMatches, randomToken, SESSION_TTL_MS, sha256 } from '../account-secrets.js';
import { ROLES, SCOPES, type AccountStore, type Role, type Scope, type SessionRow, type TokenRow, type UserRow } from '../accounts.js';
import type { AccountTables } from '../account-tables.js';
import type { Database as Schema } from '../schema.js';

type Db = Kysely<Schema & AccountTables>;

const toUser = (r: { id: number; name: string; role: string; created_at: string }): UserRow => ({ id: r.id, name: r.name, role: r.role as Role, createdAt: r.created_at });

/** Accounts on PostgreSQL (the tables of SQLite's migration 015, in 001-core), with the SQLite accounts' rules. */
export class PgAccounts implements AccountStore {
  /** Compared against when the user does not exist, so a wrong name costs as long as a wrong password. */
  private readonly db: Db;

  constructor(db: Kysely<Schema>) {
    this.db = db.withTables<AccountTables>();
  }

  async addUser(name: string, role: Role, password: string): Promise<UserRow> {
    checkNewUser(name, role, password);
    if (await this.getUser(name)) throw new Error(`there is already a user called ${name}`);
    const passwordHash = await hashPassword(password);
    const createdAt = new Date().toISOString();
    const row = await this.db
      .insertInto('users')
      .values({ name, role, password_hash: passwordHash, created_at: createdAt })
      .onConflict((oc) => oc.column('name').doNothing())
      .returning('id')
      .executeTakeFirst();
    // Another process added the same name meanwhile.
    if (!row) throw new Error(`there is already a user called ${name}`);
    return { id: row.id, name, role, createdAt };
  }

  async listUsers(): Promise<UserRow[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('name').execute()).map(toUser);
  }

  async getUser(name: string): Promise<UserRow | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  async removeUser(name: string): Promise<boolean> {
    const r = await this.db.deleteFrom('users').where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async setRole(name: string, role: Role): Promise<boolean> {
    if (!ROLES.includes(role)) throw new Error(`role ${role}: expected one of ${ROLES.join(', ')}`);
    const r = await this.db.updateTable('users').set({ role }).where('name', '=', name).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async setPassword(name: string, password: string): Promise<boolean> {
    checkPassword(password);
    const user = await this.getUser(name);
    if (!user) return false;
    const passwordHash = await hashPassword(password);
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
      await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    });
    return true;
  }

  async verifyPassword(name: string, password: string): Promise<UserRow | null> {
    const r = await this.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    // Checked even for an unknown name: it answers in the time a wrong password takes.
    const matches = await passwordMatches(r, password);
    return matches && r ? toUser(r) : null;
  }

  async addToken(userName: string, scope: Scope): Promise<{ id: number; token: string }> {
    if (!SCOPES.includes(scope)) throw new Error(`scope ${scope}: expected one of ${SCOPES.join(', ')}`);
    const user = await this.getUser(userName);
    if (!user) throw new Error(`there is no user called ${userName}`);
    const token = randomToken();
    const row = await this.db
      .insertInto('api_tokens')
      .values({ user_id: user.id, scope, token_hash: sha256(token), created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, token };
  }

  async listTokens(): Promise<TokenRow[]> {
    const rows = await this.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id', 't.user_id', 'u.name', 't.scope', 't.created_at', 't.last_used_at'])
      .orderBy('t.id')
      .execute();
    return rows.map((r) => ({ id: r.id, userId: r.user_id, userName: r.name, scope: r.scope as Scope, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  }

  async revokeToken(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async resolveToken(token: string): Promise<{ user: UserRow; scope: Scope; tokenId: number } | null> {
    const r = await this.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id as token_id', 't.scope', 't.last_used_at', 'u.id', 'u.name', 'u.role', 'u.created_at'])
      .where('t.token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!r) return null;
    const now = new Date().toISOString();
    // Last use kept to the minute: a busy client does not write on every request.
    if (!r.last_used_at || r.last_used_at.slice(0, 16) !== now.slice(0, 16)) {
      await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', r.token_id).execute();
    }
    return { user: toUser(r), scope: r.scope as Scope, tokenId: r.token_id };
  }

  async createSession(userId: number, ttlMs = SESSION_TTL_MS): Promise<{ id: string; csrf: string; expiresAt: string }> {
    const id = randomToken();
    const csrf = randomToken();
    const now = Date.now();
    const expiresAt = new Date(now + ttlMs).toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('sessions').where('expires_at', '<=', new Date(now).toISOString()).execute();
      await tx.insertInto('sessions').values({ id_hash: sha256(id), user_id: userId, csrf, created_at: new Date(now).toISOString(), expires_at: expiresAt }).execute();
    });
    return { id, csrf, expiresAt };
  }

  async resolveSession(id: string): Promise<SessionRow | null> {
    const r = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.csrf', 's.expires_at', 'u.id', 'u.name', 'u.role', 'u.created_at'])
      .where('s.id_hash', '=', sha256(id))
      .executeTakeFirst();
    if (!r || r.expires_at <= new Date().toISOString()) return null;
    return { user: toUser(r), csrf: r.csrf, expiresAt: r.expires_at };
  }

  async endSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', sha256(id)).execute();
  }
}
