import type { Generated } from 'kysely';

/** The accounts' tables (SQLite's migration 015; PostgreSQL's 001-core), for typed queries. */
export type AccountTables = {
  users: {
    id: Generated<number>;
    name: string;
    role: string;
    password_hash: string;
    created_at: string;
  };
  api_tokens: {
    id: Generated<number>;
    user_id: number;
    scope: string;
    token_hash: string;
    created_at: string;
    last_used_at: string | null;
  };
  sessions: {
    id_hash: string;
    user_id: number;
    csrf: string;
    created_at: string;
    expires_at: string;
  };
};
