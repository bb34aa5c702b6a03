import { planQuery } from '../../query/plan.js';
import { articlePostings } from './article.js';
import { evaluatePostings, rankEvaluated } from './evaluate.js';
import type { DeadMap } from './merge.js';
import { postingsFromBlocks, type SegmentBlocks } from './postings-reader.js';
import { SegmentBuilder } from './segment.js';

/** Made-up queries that take every path of the evaluation: words, phrases, prefixes, booleans, a field. */
const QUERIES = ['w0', 'w1 w2', '"w0 w1"', '"alpha beta gamma"', 'w3 OR w4', 'w5 -w6', 'w1*', 'title:w0', 'title:"alpha beta"', '(w7 OR w8) AND w2'];

/**
 * Runs the postings' decoding, matching and ranking over a made-up archive in memory, so that a
 * process's first real searches run compiled code: interpreted, a frequent phrase's first decoding
 * took two to three times as long as its later ones. Reads nothing from the database.
 */
export async function warmPostingsCode(rounds = 8): Promise<void> {
  const { segments, dead, rows, tokens } = madeUpArchive();
  // As read from the database: blocks without their positions unless a phrase needs them.
  const withoutPositions = segments.map((s) => ({ ...s, blocks: s.blocks.map((b) => ({ data: b.data, pos: null })) }));
  const avgdl = tokens / rows;
  for (let r = 0; r < rounds; r++) {
    for (const q of QUERIES) {
      const plan = planQuery(q);
      const ev = await evaluatePostings(plan, async (terms) => ({ decode: () => postingsFromBlocks(terms.some((t) => t.positions) ? segments : withoutPositions, terms, dead), release: () => {} }));
      rankEvaluated(plan, ev, rows, avgdl);
    }
    // Other work (the pages being served) goes on between rounds.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * A few thousand articles in three segments (the last re-indexing some of the first's, which are then
 * stale there), with ids and positions far enough apart that varints take several bytes.
 */
function madeUpArchive(): { segments: SegmentBlocks[]; dead: DeadMap; rows: number; tokens: number } {
  let seed = 0x2545f491;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const word = () => `w${Math.floor(300 * random() ** 2)}`;
  const text = (n: number) => {
    const out = Array.from({ length: n }, word);
    if (random() < 0.3) out.splice(Math.floor(random() * n), 0, 'alpha', 'beta', 'gamma');
    return out;
  };
  const builders = [new SegmentBuilder(), new SegmentBuilder(), new SegmentBuilder()];
  const dead: DeadMap = new Map();
  let id = 1;
  let tokens = 0;
  const articles = 1000;
  for (let i = 0; i < articles; i++) {
    id += 1 + Math.floor(random() * 300);
    const title = text(6);
    const body = text(20 + Math.floor(random() * 100));
    tokens += title.length + body.length;
    builders[i < articles / 2 ? 0 : 1].add(id, articlePostings(title, body));
    if (i % 7 === 0 && i < articles / 2) {
      builders[2].add(id, articlePostings(text(6), text(80)));
      dead.set(id, 3);
    }
  }
  const segments = builders.map((b, i) => {
    const blocks = b.build().blocks;
    return { hi: i + 1, firsts: blocks.map((x) => x.first), blocks: blocks.map((x) => ({ data: x.data, pos: x.pos })) };
  });
  return { segments, dead, rows: articles, tokens };
}
