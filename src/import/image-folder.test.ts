import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScene } from '../images/testing/scenes.js';
import { imagesOf } from '../store/images.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { testBackends } from '../testing/backends.js';
import { createApp } from '../web/app.js';
import { importImageFolder } from './image-folder.js';

let dir: string;
const scene = makeScene(31);
const raw = () => sharp(Buffer.from(scene.draw()), { raw: { width: scene.width, height: scene.height, channels: 3 } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ww-photos-'));
  mkdirSync(join(dir, '2024', '05'), { recursive: true });
  writeFileSync(join(dir, 'rally.jpg'), await raw().jpeg().toBuffer());
  writeFileSync(join(dir, '2024', '05', 'rally-small.png'), await raw().resize({ width: 300 }).png().toBuffer());
  // The same bytes under a second name: one image, noted twice.
  writeFileSync(join(dir, '2024', 'copy.jpg'), await raw().jpeg().toBuffer());
  writeFileSync(join(dir, 'notes.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  writeFileSync(join(dir, 'broken.jpg'), (await raw().jpeg().toBuffer()).subarray(0, 2000));
  writeFileSync(join(dir, '.DS_Store'), 'junk');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(testBackends())('import-images ($name)', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(await backend.location());
    await store.ensureSource({ slug: 'kcna-kp-en', name: 'KCNA' });
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  it('hashes and indexes the photos of a folder, refusing what is no photo with a line each', async () => {
    const refused: string[] = [];
    const s = await importImageFolder(store, dir, 'kcna-kp-en', { onRefused: (name) => refused.push(name) });
    expect(s).toMatchObject({ files: 5, added: 2, known: 1 });
    expect(refused.sort()).toEqual(['broken.jpg', 'notes.svg']);
    const similar = (await (await createApp(store).request(`/api/images/similar?sha256=${(await imageOfName(store, 'rally.jpg'))}`)).json()) as { items: { sha256: string; distance: number; articles: unknown[] }[] };
    expect(similar.items).toHaveLength(1);
    expect(similar.items[0]).toMatchObject({ articles: [] });
    const page = await (await createApp(store).request(`/photos/${await imageOfName(store, 'rally.jpg')}`)).text();
    expect(page).toContain('<code>rally.jpg</code>');
    expect(page).toContain('<code>2024/copy.jpg</code>');
  });

  it('adds nothing when the same folder is imported again, and names an unknown source', async () => {
    const s = await importImageFolder(store, dir, 'kcna-kp-en');
    expect(s).toMatchObject({ files: 5, added: 0, known: 3 });
    await expect(importImageFolder(store, dir, 'no-such')).rejects.toThrow(/no source 'no-such' in this archive \(sources: kcna-kp-en\)/);
    await expect(importImageFolder(store, join(dir, 'missing'), 'kcna-kp-en')).rejects.toThrow(/not a folder/);
  });
});

async function imageOfName(store: Store, name: string): Promise<string> {
  for (let id = 1; ; id++) {
    const [row] = await imagesOf(store).phashesAfter(id - 1, 1);
    if (!row) throw new Error(`no image ${name}`);
    if ((await imagesOf(store).imports(row.sha256)).some((i) => i.name === name)) return row.sha256;
  }
}
