import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-core.js';
import * as m002 from './002-search.js';
import * as m003 from './003-stories.js';
import * as m004 from './004-entities.js';
import * as m005 from './005-alerts.js';
import * as m006 from './006-queue.js';
import * as m007 from './007-images.js';
import * as m008 from './008-image-imports.js';
import * as m009 from './009-image-validators.js';
import * as m010 from './010-image-alerts.js';
import * as m011 from './011-image-crop-hashes.js';
import * as m012 from './012-search-bulk.js';
import * as m013 from './013-search-postings.js';
import * as m014 from './014-search-tokens-only.js';
import * as m015 from './015-search-segment-spans.js';
import * as m016 from './016-search-totals.js';
import * as m017 from './017-queue-robots.js';

/**
 * PostgreSQL's migrations: the same tables and columns as SQLite's (so an archive moves table by table),
 * written for this dialect. Numbered ranges belong to different parts of the archive: 001 the store
 * (articles, crawl state, accounts), 002 search, 003 stories, 004 entities and the tracker, 005 saved
 * searches and alerts, 006 the crawl queue, 007 to 009 images, 010 alerts on image events, 011 images' crop hashes, 012 search writes for bulk loads, 013 search postings, 014 search without vectors, 015 postings segments' id ranges, 016 search totals for BM25, 017 robots.txt shared by the crawl queue's workers. Add a file and list it here.
 */
export const pgMigrations: Record<string, Migration> = {
  '001-core': m001,
  '002-search': m002,
  '003-stories': m003,
  '004-entities': m004,
  '005-alerts': m005,
  '006-queue': m006,
  '007-images': m007,
  '008-image-imports': m008,
  '009-image-validators': m009,
  '010-image-alerts': m010,
  '011-image-crop-hashes': m011,
  '012-search-bulk': m012,
  '013-search-postings': m013,
  '014-search-tokens-only': m014,
  '015-search-segment-spans': m015,
  '016-search-totals': m016,
  '017-queue-robots': m017,
};

export const pgMigrationProvider: MigrationProvider = {
  getMigrations: async () => pgMigrations,
};
