/** A query the parser cannot accept; `position` is the 0-based offset (in UTF-16 units) it points at. */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly query: string,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }

  /** The query with a caret under the offending position, for terminals. */
  pointer(): string {
    return `${this.query}\n${' '.repeat(Math.max(0, this.position))}^`;
  }

  toJSON() {
    return { error: 'bad_query', message: `${this.message} (at position ${this.position + 1})`, position: this.position, query: this.query };
  }
}
