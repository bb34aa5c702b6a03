import type Database from 'better-sqlite3';
import type { DeferredWrites, IngestHook } from '../../store/sqlite-store.js';
import { bodyText } from '../../normalize/body-text.js';
import { indexForm } from '../text/tokens.js';
import { INDEX_PLAIN_ROWS, SELECT_HANGUL_ROWS } from './ddl.js';

const REINDEX_CHUNK = 10000;

type PendingWrite = { id: number; title: string; body: string } | { id: number; refresh: true };

/**
 * Statements that keep the index in step with the articles table. Ingested articles are indexed at the end
 * of their transaction (`flush`), all at once, so one batch becomes one index segment.
 */
export class SqliteIndexer implements DeferredWrites {
  private readonly stmts;
  private pending: PendingWrite[] = [];

  constructor(private readonly raw: Database.Database) {
    this.stmts = {
      insert: raw.prepare<[number, string, string]>('INSERT INTO search_fts(rowid, title, body) VALUES (?, ?, ?)'),
      remove: raw.prepare<[number]>('DELETE FROM search_fts WHERE rowid = ?'),
      current: raw.prepare<[number], { title: string; body: string; content_hash: string }>('SELECT title, body, content_hash FROM articles WHERE id = ?'),
      maxId: raw.prepare<[], number | null>('SELECT max(id) FROM articles').pluck(),
      count: raw.prepare<[], number>('SELECT count(*) FROM articles').pluck(),
      plain: raw.prepare<[number, number]>(INDEX_PLAIN_ROWS),
      hangul: raw.prepare<[number, number], { id: number; title: string; body: string }>(SELECT_HANGUL_ROWS),
    };
  }

  add(id: number, title: string, body: string): void {
    this.stmts.insert.run(id, indexForm(title), indexForm(body));
  }

  /** Replaces an article's entry with its current stored text. */
  refresh(id: number): void {
    const cur = this.stmts.current.get(id);
    this.stmts.remove.run(id);
    if (cur) this.add(id, cur.title, cur.body);
  }

  /**
   * Indexes new articles and re-indexes one whose current text is now the ingested one. Runs inside the
   * ingest transaction, so the index never disagrees with the articles table.
   */
  readonly hook: IngestHook = (_raw, id, item, outcome) => {
    if (outcome.kind === 'imported') {
      this.pending.push({ id, title: item.article.title, body: bodyText(item.article) });
    } else if (outcome.kind === 'merged') {
      const cur = this.stmts.current.get(id);
      if (cur && cur.content_hash === item.article.contentHash) this.pending.push({ id, refresh: true });
    }
  };

  flush(): void {
    const writes = this.pending;
    this.pending = [];
    for (const w of writes) {
      if ('refresh' in w) this.refresh(w.id);
      else this.add(w.id, w.title, w.body);
    }
  }

  discard(): void {
    this.pending = [];
  }

  /** Drops and rebuilds the whole index from the articles table, then merges it into one segment. */
  reindex(onProgress?: (done: number, total: number) => void): { articles: number; seconds: number } {
    const started = performance.now();
    const top = Number(this.stmts.maxId.get() ?? 0);
    const total = Number(this.stmts.count.get());
    this.raw.exec(`INSERT INTO search_fts(search_fts) VALUES ('delete-all')`);
    const chunk = this.raw.transaction((from: number, to: number) => {
      this.stmts.plain.run(from, to);
      for (const r of this.stmts.hangul.all(from, to)) this.add(r.id, r.title, r.body);
    });
    for (let from = 0; from < top; from += REINDEX_CHUNK) {
      chunk(from, Math.min(top, from + REINDEX_CHUNK));
      onProgress?.(Math.min(top, from + REINDEX_CHUNK), top);
    }
    this.optimize();
    return { articles: total, seconds: (performance.now() - started) / 1000 };
  }

  /** Merges the index segments into one (faster queries after a bulk load). */
  optimize(): void {
    this.raw.exec(`INSERT INTO search_fts(search_fts) VALUES ('optimize')`);
  }
}
