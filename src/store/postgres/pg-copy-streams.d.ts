declare module 'pg-copy-streams' {
  import type { Readable, Writable } from 'node:stream';
  import type { Submittable } from 'pg';
  /** A `COPY … FROM STDIN` query: write the data to it, then end it. */
  export function from(text: string): Writable & Submittable;
  /** A `COPY … TO STDOUT` query: the data as it comes, in chunks that need not follow rows. */
  export function to(text: string): Readable & Submittable;
}
