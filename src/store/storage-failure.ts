/**
 * SQLite's terse words for a write the archive's storage refused, said plainly (null for any other
 * error). The CLI's error line and the web server's error answer both use it.
 */
export function storageFailure(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const sqlite = (e as Error).message;
  if (code.startsWith('SQLITE_READONLY')) return `the archive cannot be written here: its file, folder or file system is read-only (${sqlite})`;
  if (code === 'SQLITE_FULL') return `the disk holding the archive is full (${sqlite}); what was stored before is kept: free some space, then try again`;
  return null;
}
