import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-core.js';
import * as m002 from './002-crawl.js';
import * as m003 from './003-search.js';
import * as m004 from './004-stories.js';
import * as m005 from './005-entities.js';
import * as m006 from './006-story-bands-pending.js';
import * as m007 from './007-story-band-filter.js';
import * as m010 from './010-count-indexes.js';
import * as m011 from './011-one-text.js';
import * as m012 from './012-repaired.js';
import * as m013 from './013-appearance-seq.js';
import * as m014 from './014-markup-drift.js';
import * as m015 from './015-accounts.js';
import * as m016 from './016-version-changes.js';
import * as m017 from './017-saved-searches.js';
import * as m018 from './018-images.js';
import * as m019 from './019-image-imports.js';
import * as m020 from './020-image-validators.js';
import * as m021 from './021-image-alerts.js';
import * as m022 from './022-image-crop-hashes.js';

/** Numbered migrations, applied in order; add a file and list it here. */
export const migrations: Record<string, Migration> = {
  '001-core': m001,
  '002-crawl': m002,
  '003-search': m003,
  '004-stories': m004,
  '005-entities': m005,
  '006-story-bands-pending': m006,
  '007-story-band-filter': m007,
  '010-count-indexes': m010,
  '011-one-text': m011,
  '012-repaired': m012,
  '013-appearance-seq': m013,
  '014-markup-drift': m014,
  '015-accounts': m015,
  '016-version-changes': m016,
  '017-saved-searches': m017,
  '018-images': m018,
  '019-image-imports': m019,
  '020-image-validators': m020,
  '021-image-alerts': m021,
  '022-image-crop-hashes': m022,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
