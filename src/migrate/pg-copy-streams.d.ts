declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';
  import type { Submittable } from 'pg';
  /** A `COPY … FROM STDIN` query: write the data to it, then end it. */
  export function from(text: string): Writable & Submittable;
}
