/** Clustering runs on ingest unless `WIREWATCH_STORIES=off` (for measuring its cost). Kept apart so the import worker need not load the store. */
export function storiesEnabled(): boolean {
  return process.env.WIREWATCH_STORIES !== 'off';
}
