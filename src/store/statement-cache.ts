import type Database from 'better-sqlite3';

/**
 * The connection as Kysely sees it, with prepared statements reused: Kysely prepares every query it runs,
 * and preparing cost more than running the small queries of a page (a tenth of an article page's time).
 * A statement still busy (a streamed query being read) is not handed out twice: a fresh one is prepared.
 */
export function withStatementCache(raw: Database.Database, max = 500): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    const hit = cache.get(sql);
    if (hit && !hit.busy) return hit;
    const stmt = raw.prepare(sql);
    if (!hit) {
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return new Proxy(raw, {
    get(target, key, receiver) {
      if (key === 'prepare') return prepare;
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
