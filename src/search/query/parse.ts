import type { QueryNode, TextField, TextNode } from './ast.js';
import { QuerySyntaxError } from './errors.js';
import { FILTER_FIELDS, TEXT_FIELDS } from './fields.js';

export const MAX_TERMS = 64;
const MAX_DEPTH = 32;
const OPERATORS = new Set(['AND', 'OR', 'NOT']);

/**
 * Parses a query: words, "exact phrases", AND / OR / NOT (upper case) and -word, parentheses, prefix*,
 * and fields (title:, added:, removed:, source:, lang:, date:). Neighbouring terms are joined by AND.
 * Throws QuerySyntaxError with the offending position.
 */
export function parseQuery(query: string): QueryNode {
  return new Parser(query).parse();
}

class Parser {
  private i = 0;
  private terms = 0;
  private depth = 0;

  constructor(private readonly q: string) {}

  parse(): QueryNode {
    this.space();
    if (this.i >= this.q.length) throw this.error('the query is empty', 0);
    const node = this.or();
    this.space();
    if (this.i < this.q.length) {
      if (this.q[this.i] === ')') throw this.error("')' has no matching '('", this.i);
      throw this.error('unexpected text', this.i);
    }
    return node;
  }

  private error(message: string, at: number): QuerySyntaxError {
    return new QuerySyntaxError(message, at, this.q);
  }

  private space(): void {
    while (this.i < this.q.length && /\s/.test(this.q[this.i])) this.i++;
  }

  /** The operator word at the cursor (AND, OR, NOT followed by a boundary), if any. */
  private operator(): string | null {
    const m = /^(AND|OR|NOT)(?=[\s()"]|$)/.exec(this.q.slice(this.i, this.i + 4));
    return m ? m[1] : null;
  }

  private or(): QueryNode {
    const children = [this.and()];
    for (;;) {
      this.space();
      if (this.operator() !== 'OR') break;
      const at = this.i;
      this.i += 2;
      this.space();
      if (this.i >= this.q.length || this.q[this.i] === ')' || this.operator() === 'OR') throw this.error('OR needs a term after it', at);
      children.push(this.and());
    }
    return children.length === 1 ? children[0] : { type: 'or', children };
  }

  private and(): QueryNode {
    const children: QueryNode[] = [];
    for (;;) {
      this.space();
      if (this.i >= this.q.length || this.q[this.i] === ')') break;
      const op = this.operator();
      if (op === 'OR') {
        if (children.length === 0) throw this.error('OR needs a term before it', this.i);
        break;
      }
      if (op === 'AND') {
        const at = this.i;
        if (children.length === 0) throw this.error('AND needs a term before it', at);
        this.i += 3;
        this.space();
        if (this.i >= this.q.length || this.q[this.i] === ')' || this.operator() === 'OR' || this.operator() === 'AND') {
          throw this.error('AND needs a term after it', at);
        }
      }
      children.push(this.unary());
    }
    if (children.length === 0) throw this.error('expected a term', this.i);
    return children.length === 1 ? children[0] : { type: 'and', children };
  }

  private unary(): QueryNode {
    this.space();
    if (this.operator() === 'NOT') {
      const at = this.i;
      this.i += 3;
      this.space();
      if (this.i >= this.q.length || this.q[this.i] === ')' || this.operator() === 'OR' || this.operator() === 'AND') {
        throw this.error('NOT needs a term after it', at);
      }
      // NOT NOT … recurses like parentheses: 100,000 of them overflowed the stack (a RangeError, not a syntax error).
      if (++this.depth > MAX_DEPTH) throw this.error('NOT nested too deeply', at);
      const child = this.unary();
      this.depth--;
      return { type: 'not', child };
    }
    if (this.q[this.i] === '-' && this.i + 1 < this.q.length && !/[\s)]/.test(this.q[this.i + 1])) {
      this.i++;
      return { type: 'not', child: this.primary(null) };
    }
    return this.primary(null);
  }

  private primary(field: TextField | null): QueryNode {
    const q = this.q;
    const start = this.i;
    const c = q[start];
    if (c === '(') {
      if (++this.depth > MAX_DEPTH) throw this.error('parentheses nested too deeply', start);
      this.i++;
      this.space();
      if (q[this.i] === ')') throw this.error('empty parentheses', start);
      if (this.i >= q.length) throw this.error("'(' is never closed", start);
      const inner = this.or();
      this.space();
      if (q[this.i] !== ')') throw this.error("'(' is never closed", start);
      this.i++;
      this.depth--;
      return field ? withField(inner, field) : inner;
    }
    if (c === ')') throw this.error("')' has no matching '('", start);
    if (c === '"') {
      const close = q.indexOf('"', start + 1);
      if (close < 0) throw this.error('quote is never closed', start);
      this.i = close + 1;
      let prefix = false;
      if (q[this.i] === '*') {
        prefix = true;
        this.i++;
      }
      return this.text({ type: 'text', value: q.slice(start + 1, close), phrase: true, prefix, field, pos: start });
    }
    let end = start;
    while (end < q.length && !/[\s()"]/.test(q[end])) end++;
    let word = q.slice(start, end);
    const fieldMatch = /^([A-Za-z_]+):(.*)$/s.exec(word);
    if (fieldMatch && !field) {
      const name = fieldMatch[1].toLowerCase();
      const rest = fieldMatch[2];
      const valueAt = start + fieldMatch[1].length + 1;
      if (TEXT_FIELDS[name]) {
        this.i = valueAt;
        if (!rest && (this.i >= q.length || /\s|\)/.test(q[this.i]))) throw this.error(`${name}: needs a word, "phrase" or (group) after it`, start);
        return this.primary(TEXT_FIELDS[name]);
      }
      const filter = FILTER_FIELDS[name];
      if (!filter) {
        const known = [...Object.keys(TEXT_FIELDS), ...Object.keys(FILTER_FIELDS)].map((f) => `${f}:`).join(', ');
        throw this.error(`unknown field '${name}:' (known: ${known}; put text with a colon in quotes)`, start);
      }
      let raw = rest;
      this.i = end;
      if (!rest && q[valueAt] === '"') {
        const close = q.indexOf('"', valueAt + 1);
        if (close < 0) throw this.error('quote is never closed', valueAt);
        raw = q.slice(valueAt + 1, close).trim();
        this.i = close + 1;
      }
      if (!raw) throw this.error(`${name}: needs a value (${filter.describe})`, start);
      const value = filter.parse(raw);
      if (typeof value === 'string') throw this.error(`${name}: ${value}`, valueAt);
      this.count(start);
      return { type: 'filter', field: name, value, raw, pos: start };
    }
    if (OPERATORS.has(word)) throw this.error(`${word} needs a term before it`, start);
    this.i = end;
    let prefix = false;
    if (word.endsWith('*')) {
      prefix = true;
      word = word.replace(/\*+$/, '');
      if (!word) throw this.error("'*' needs letters before it (prefix*)", start);
    }
    return this.text({ type: 'text', value: word, phrase: false, prefix, field, pos: start });
  }

  private text(node: TextNode): TextNode {
    this.count(node.pos);
    return node;
  }

  private count(at: number): void {
    if (++this.terms > MAX_TERMS) throw this.error(`too many terms (at most ${MAX_TERMS})`, at);
  }
}

function withField(node: QueryNode, field: TextField): QueryNode {
  switch (node.type) {
    case 'text':
      return { ...node, field };
    case 'filter':
      return node;
    case 'not':
      return { type: 'not', child: withField(node.child, field) };
    default:
      return { type: node.type, children: node.children.map((c) => withField(c, field)) };
  }
}
