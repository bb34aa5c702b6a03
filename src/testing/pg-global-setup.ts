import { PG_SKIP_MESSAGE, pgTestUrl } from './pg.js';

/** Says once per run that the PostgreSQL half of the compliance suite did not run, and how to run it. */
export default function setup(): void {
  if (!pgTestUrl) process.stdout.write(`\n${PG_SKIP_MESSAGE}\n\n`);
}
