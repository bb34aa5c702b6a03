import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { GenerationMemo } from './generation-memo.js';

describe('GenerationMemo', () => {
  it('drops a value at once on this connection’s writes, and after the lag on another process’s', async () => {
    const file = join(tempDir(), 'm.db');
    const mine = new Database(file);
    mine.pragma('journal_mode = WAL');
    mine.exec('CREATE TABLE t (n INTEGER)');
    const other = new Database(file);
    const memo = new GenerationMemo(mine, { foreignLagMs: 200, maxEntries: 10 });
    const count = () => memo.get('count', () => mine.prepare('SELECT count(*) FROM t').pluck().get() as number);
    expect(count()).toBe(0);
    mine.prepare('INSERT INTO t VALUES (1)').run();
    expect(count()).toBe(1);
    other.prepare('INSERT INTO t VALUES (2)').run();
    expect(count()).toBe(1); // within the lag
    await new Promise((r) => setTimeout(r, 250));
    expect(count()).toBe(2);
    expect(count()).toBe(2);
    mine.close();
    other.close();
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const memo = new GenerationMemo(new Database(':memory:'), { foreignLagMs: 1000, maxEntries: 2 });
    let computed = 0;
    const get = (k: string) => memo.get(k, () => ++computed);
    get('a');
    get('b');
    get('a');
    get('c'); // drops b
    expect(computed).toBe(3);
    get('a');
    expect(computed).toBe(3);
    get('b');
    expect(computed).toBe(4);
  });
});
