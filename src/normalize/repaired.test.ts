import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusSample, tempDir } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { openStore } from '../store/open-store.js';

// Real kcna.co.jp records (testdata/corpus/kcna-co-jp-controls.jsonl.gz): two 1997 bodies ending in a DOS
// end-of-file mark (U+001A), a 2006 page scraped as UTF-16 read byte by byte (a NUL after every character,
// the byte-order mark as two U+FFFD), a body full of literal `&nbsp;`, and bodies with bare ampersands.
describe('real records with control characters', () => {
  it('drops the controls, marks the articles repaired, and keeps the text as published', async () => {
    const store = await openStore(join(tempDir(), 'c.db'));
    try {
      const summary = await importFile(store, corpusSample('kcna-co-jp-controls.jsonl.gz'), { spec: { preset: 'kcna-co-jp' }, worker: false });
      expect(summary).toMatchObject({ read: 6, imported: 6, rejected: 0 });
      const get = async (url: string) => (await store.getArticle((await store.findArticleIdByUrl(url))!))!;

      const eof = await get('http://kcna.co.jp/item/1997/9703/news3/27.htm#16');
      expect(eof).toMatchObject({ repaired: true, damaged: false });
      expect(eof.body.at(-1)).toMatch(/streets in Pyongyang\.$/);

      const utf16 = await get('http://kcna.co.jp/item/2006/200605/news05/29.htm#1');
      expect(utf16).toMatchObject({ repaired: true, damaged: true });
      const text = utf16.body.join('\n');
      expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
      expect(text).toContain("KPA Side Refutes South Side's Smear Campaign over Abortive Trial Train Operation");
      // Its entities were decoded as the page's were, once the NULs between their letters were gone.
      expect(text).not.toContain('&nbsp;');

      const nbsp = await get('http://kcna.co.jp/item/2006/200603/news03/13.htm#18');
      expect(nbsp).toMatchObject({ repaired: false, damaged: false });
      expect(nbsp.body[0]).toMatch(/^Pyongyang, March 11 \(KCNA\) -- The U\.S\. biased nuclear policy/);
      expect(nbsp.body.join('\n')).not.toContain('&nbsp');

      const amp = await get('http://kcna.co.jp/item/2015/201501/news24/20150124-15ee.html');
      expect(amp.title).toBe('KFP&MCHA to Enhance Role');
      expect(amp.body.join('\n')).toContain('(KFP&MCHA)');
      expect(amp).toMatchObject({ repaired: false });
    } finally {
      await store.close();
    }
  });
});
