import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../store/crawl-store.js';
import { ImageChanges, slotLabel } from './image-changes.js';

const event = (type: string, detail: Record<string, unknown>): EventRow => ({ id: 1, type, at: '2024-05-05T00:00:00.000Z', articleId: 1, sourceSlug: 's', title: 't', url: 'u', detail });

describe('image changes on the versions page', () => {
  it('names each slot as a reader would, with its identifier', () => {
    expect(slotLabel('content:2')).toBe('Photo 2 in the text (content:2)');
    expect(slotLabel('gallery:3')).toBe('Gallery photo 3 (gallery:3)');
    expect(slotLabel('og:image')).toBe('Preview image (og:image)');
    expect(slotLabel('figure')).toBe('Image (figure)');
    expect(slotLabel(undefined)).toBe('Image');
  });

  it('heads each change with the slot and what happened, the pictures linked to their photo pages', () => {
    const html = String(
      <ImageChanges
        events={[
          event('image-removed', { slot: 'content:2', oldSha256: 'a'.repeat(64) }),
          event('image-edited', { slot: 'content:1', oldSha256: 'b'.repeat(64), newSha256: 'c'.repeat(64), region: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 }, score: 0.031 }),
          event('edited', { from: 'x' }),
        ]}
      />,
    );
    expect(html).toContain('Photo 2 in the text (content:2): removed');
    expect(html).toContain('Photo 1 in the text (content:1): edited');
    expect(html).toContain(`href="/photos/${'a'.repeat(64)}"`);
    expect(html).toContain('3.1% of the picture changed');
    expect(html.match(/<h3>/g)).toHaveLength(2);
  });
});
