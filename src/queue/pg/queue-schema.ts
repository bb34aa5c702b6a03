/**
 * The schema graphile-worker keeps its jobs in: `WIREWATCH_QUEUE_SCHEMA`, else the archive's own schema
 * (a URL with `options=-c search_path=NAME`) plus `_queue`, so archives sharing a database never share
 * jobs, else `wirewatch_queue`.
 */
export function queueSchemaFor(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const given = env.WIREWATCH_QUEUE_SCHEMA;
  const name = given || fromSearchPath(url) || 'wirewatch_queue';
  if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(name)) throw new Error(`queue schema "${name}": use letters, digits and _ (at most 63)`);
  return name;
}

function fromSearchPath(url: string): string | null {
  let options: string | null;
  try {
    options = new URL(url).searchParams.get('options');
  } catch {
    return null;
  }
  const m = /search_path\s*=\s*"?([A-Za-z_][A-Za-z0-9_]*)/.exec(options ?? '');
  return m ? schemaBeside(m[1]) : null;
}

/** The queue schema beside an archive in schema `archiveSchema` (`public`, the default, has `wirewatch_queue`). */
export function schemaBeside(archiveSchema: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.WIREWATCH_QUEUE_SCHEMA) return env.WIREWATCH_QUEUE_SCHEMA;
  return archiveSchema === 'public' ? 'wirewatch_queue' : `${archiveSchema}_queue`.slice(0, 63);
}
