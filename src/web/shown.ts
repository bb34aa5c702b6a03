import type { VersionRow } from '../store/crawl-store.js';
import type { Article } from '../store/store.js';

/**
 * What a page's route already read, for the middleware that runs after it (Memento links) to use
 * rather than read it again: the article shown, and with a version page its versions.
 */
declare module 'hono' {
  interface ContextVariableMap {
    shownArticle: Article;
    shownVersions: VersionRow[];
  }
}

export {};
