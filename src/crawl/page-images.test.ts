import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSourceFile } from '../sources/load.js';
import { MAX_IMAGES_PER_PAGE, pageImages } from './page-images.js';

const kcna = loadSourceFile(join(import.meta.dirname, '../../sources/kcna-kp-en.json'));
const URL_ = 'http://www.kcna.kp/en/article/q/0123456789abcdef.kcmsf';

describe('pageImages', () => {
  it('reads og:image, the content area by the adapter and its captions, skipping what the adapter removes', () => {
    const html = `<html><head><meta property="og:image" content="/photo/lead.jpg"><meta property="og:image:alt" content="Lead"></head><body>
      <header><img src="/logo.png" alt="KCNA"></header>
      <div class="article-content-body"><div class="content-wrapper">
        <p>First paragraph.</p>
        <div class="photo"><img src="/photo/1.jpg" alt="alt one"><div class="photo-caption">The leader at the farm</div></div>
        <p>Second paragraph. <img class="media-icon" src="/icons/photo.png" alt=""></p>
        <figure><img data-src="/photo/2.jpg" src="data:image/gif;base64,R0lGOD" alt="alt two"><figcaption> Workers  cheer </figcaption></figure>
        <img src="/spacer.gif" width="1" height="1">
        <p>Last paragraph.</p>
      </div></div>
      <aside><img src="/ads/banner.jpg"></aside></body></html>`;
    const found = pageImages(kcna, html, URL_);
    expect(found).toEqual([
      { slot: 'og:image', srcUrl: 'http://www.kcna.kp/photo/lead.jpg', caption: 'Lead' },
      { slot: 'content:1', srcUrl: 'http://www.kcna.kp/photo/1.jpg', caption: 'The leader at the farm' },
      { slot: 'content:2', srcUrl: 'http://www.kcna.kp/photo/2.jpg', caption: 'Workers cheer' },
    ]);
  });

  it('takes the full-size photos of a gallery page (kcna.kp /media/photo/)', () => {
    const html = `<html><body><main><article><div class="container"><h1>Photo: leader inspects</h1><p>Text.</p></div></article>
      <ul class="photo-gallery">
        <li><a href="/siteFiles/photo/big-1.jpg"><img src="/siteFiles/photo/small-1.jpg" alt="Photo 1"></a></li>
        <li><a href="/siteFiles/photo/big-2.jpg"><img src="/siteFiles/photo/small-2.jpg" alt="Photo 2"></a></li>
      </ul></main></body></html>`;
    const found = pageImages(kcna, html, 'http://www.kcna.kp/en/media/photo/x.kcmsf');
    expect(found.map((f) => [f.slot, new URL(f.srcUrl).pathname, f.caption])).toEqual([
      ['gallery:1', '/siteFiles/photo/big-1.jpg', 'Photo 1'],
      ['gallery:2', '/siteFiles/photo/big-2.jpg', 'Photo 2'],
    ]);
  });

  it('keeps at most a bounded number of images, http(s) only', () => {
    const imgs = Array.from({ length: 40 }, (_, i) => `<img src="/p/${i}.jpg">`).join('');
    const html = `<article><p>a</p>${imgs}<img src="javascript:alert(1)"><img src="file:///etc/passwd"><p>b</p></article>`;
    const found = pageImages(null, html, 'https://example.org/a');
    expect(found).toHaveLength(MAX_IMAGES_PER_PAGE);
    expect(found.every((f) => f.srcUrl.startsWith('https://example.org/p/'))).toBe(true);
  });
});
