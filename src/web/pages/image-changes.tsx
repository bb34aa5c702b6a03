import type { EventRow } from '../../store/crawl-store.js';
import type { ImageRegion, ImageSlot } from '../../store/images.js';
import { instantText } from '../crawl-format.js';

const IMAGE_EVENT = /^image-(edited|replaced|removed|added)$/;

/** How many of these events are image changes the versions page shows. */
export const imageChangeCount = (events: EventRow[]) => events.filter((e) => IMAGE_EVENT.test(e.type) && e.detail).length;
/** A slot as a reader names it, its identifier kept beside: "Photo 2 in the text (content:2)". */
export function slotLabel(slot: string | undefined): string {
  const m = /^(content|gallery):(\d+)$/.exec(slot ?? '');
  if (m) return `${m[1] === 'content' ? `Photo ${m[2]} in the text` : `Gallery photo ${m[2]}`} (${slot})`;
  if (slot === 'og:image') return 'Preview image (og:image)';
  return slot ? `Image (${slot})` : 'Image';
}

const pct = (n: number) => `${Math.round(Math.min(1, Math.max(0, n)) * 1000) / 10}%`;

/** A region outlined over the image it follows inside an `.image-frame` (an SVG box: the CSP allows no inline style). */
export function RegionOutline(props: { region: ImageRegion }) {
  const r = props.region;
  return (
    <svg viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
      <rect class="image-region" x={pct(r.x)} y={pct(r.y)} width={pct(r.w)} height={pct(r.h)} />
    </svg>
  );
}

/** An image (thumbnail, linked to its photo page) with an optional region outlined over it. */
function Framed(props: { sha256: string; label: string; region?: ImageRegion }) {
  return (
    <figure>
      <a class="image-frame" href={`/photos/${props.sha256}`}>
        <img src={`/images/${props.sha256}/thumb`} alt={props.label} loading="lazy" />
        {props.region ? <RegionOutline region={props.region} /> : null}
      </a>
      <figcaption>{props.label}</figcaption>
    </figure>
  );
}

/**
 * The article's image changes, from its `image-*` events: old and new side by side, the changed region
 * outlined on the new picture, and the difference overlay. Plain links and images: no script needed.
 */
export function ImageChanges(props: { events: EventRow[] }) {
  const changes = props.events.filter((e) => IMAGE_EVENT.test(e.type) && e.detail);
  if (changes.length === 0) return null;
  return (
    <section id="image-changes" aria-label="Image changes">
      <h2>Image changes</h2>
      {changes.map((e) => {
        const d = e.detail as { slot?: string; oldSha256?: string; newSha256?: string; region?: ImageRegion; score?: number };
        const what = e.type.slice('image-'.length);
        return (
          <>
            <h3>
              {slotLabel(d.slot)}: {what} <span class="d">{instantText(e.at)}</span>
            </h3>
            <div class="image-pair">
              {d.oldSha256 ? <Framed sha256={d.oldSha256} label="Before" /> : null}
              {d.newSha256 ? <Framed sha256={d.newSha256} label={what === 'edited' ? 'After (changed region outlined)' : 'After'} region={d.region} /> : null}
              {d.oldSha256 && d.newSha256 && what !== 'replaced' ? (
                <figure>
                  <a href={`/images/diff/${d.oldSha256}/${d.newSha256}.png`}>
                    <img src={`/images/diff/${d.oldSha256}/${d.newSha256}.png`} alt="Difference overlay" loading="lazy" />
                  </a>
                  <figcaption>Difference overlay{d.score !== undefined ? `: ${Math.round(d.score * 1000) / 10}% of the picture changed` : ''}</figcaption>
                </figure>
              ) : null}
            </div>
          </>
        );
      })}
    </section>
  );
}

/** The article's images as last captured: lazy-loaded thumbnails, alt text from the outlet's caption. */
export function ArticlePhotos(props: { slots: ImageSlot[] }) {
  const seen = new Set<string>();
  const shown = props.slots.filter((s) => s.sha256 && !seen.has(s.sha256) && seen.add(s.sha256));
  if (shown.length === 0) return null;
  return (
    <section aria-label="Photos">
      <h2>Photos</h2>
      <ul class="photos">
        {shown.map((s, i) => (
          <li>
            <figure>
              <a href={`/photos/${s.sha256}`}>
                {/* The link's only content: without a caption it still needs a name. */}
                <img src={`/images/${s.sha256}/thumb`} alt={s.caption ?? `Photo ${i + 1} (no caption)`} loading="lazy" />
              </a>
              {s.caption ? <figcaption>{s.caption}</figcaption> : null}
            </figure>
          </li>
        ))}
      </ul>
    </section>
  );
}
