import type { ImageAppearance, ImageImport, ImageRegion, StoredImage } from '../../store/images.js';
import { instantText } from '../crawl-format.js';
import { Layout } from '../layout.js';
import { RegionOutline } from './image-changes.js';

export interface Variant {
  sha256: string;
  distance: number;
  image: StoredImage;
  /** The region an article's edit of this photo into the variant changed, when the archive recorded one. */
  edited?: { region: ImageRegion; score: number } | null;
}

/** Longest side of a difference overlay (src/images/overlay.ts) and of a thumbnail (src/images/analyze.ts). */
const OVERLAY_SIDE = 800;
const THUMB_SIDE = 320;

/** A picture's size shrunk to `side`, for the width and height attributes (the page does not shift as images load). */
function fitted(img: StoredImage, side: number): { width: number; height: number } {
  const scale = Math.min(1, side / Math.max(img.width, img.height));
  return { width: Math.max(1, Math.round(img.width * scale)), height: Math.max(1, Math.round(img.height * scale)) };
}

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** One near-duplicate: its thumbnail (an edit recorded from this photo outlined on it) beside the difference overlay. */
function VariantPair(props: { of: string; v: Variant }) {
  const { v } = props;
  const short = v.sha256.slice(0, 12);
  const overlay = `/images/diff/${props.of}/${v.sha256}.png`;
  const thumb = fitted(v.image, THUMB_SIDE);
  const size = fitted(v.image, OVERLAY_SIDE);
  return (
    <li>
      <div class="image-pair">
        <figure>
          <a class="image-frame" href={`/photos/${v.sha256}`}>
            <img src={`/images/${v.sha256}/thumb`} alt={`Variant ${short}`} loading="lazy" width={thumb.width} height={thumb.height} />
            {v.edited ? <RegionOutline region={v.edited.region} /> : null}
          </a>
          <figcaption>
            <a href={`/photos/${v.sha256}`}>
              <code>{short}</code>
            </a>
            : {v.image.width} × {v.image.height} px, {v.distance} bits apart
            {v.edited ? `; an article's edit of this photo, ${percent(v.edited.score)} of it changed (outlined)` : ''}
          </figcaption>
        </figure>
        <figure>
          <a href={overlay}>
            <img class="photo-overlay" src={overlay} alt={`Difference of ${short} from this photo`} loading="lazy" width={size.width} height={size.height} />
          </a>
          <figcaption>Difference: what differs from this photo in red, an edited region outlined in yellow</figcaption>
        </figure>
      </div>
    </li>
  );
}

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;

/** One image: the picture, where and when it appeared, and the archive's near-duplicates of it. */
export function PhotoPage(props: { image: StoredImage; appearances: ImageAppearance[]; imports: ImageImport[]; variants: Variant[] }) {
  const { image: img } = props;
  const caption = props.appearances.find((a) => a.caption)?.caption ?? '';
  return (
    <Layout title={`Photo ${img.sha256.slice(0, 12)}`}>
      <h1>Photo {img.sha256.slice(0, 12)}</h1>
      <p>
        <a href={`/images/${img.sha256}`}>
          <img class="photo-full" src={`/images/${img.sha256}`} alt={caption} width={img.width} height={img.height} />
        </a>
      </p>
      <p class="meta photo-facts">
        <span>
          {img.format.toUpperCase()}, {img.width} × {img.height} px, {kb(img.bytes)}
        </span>
        <span>first captured {instantText(img.firstSeen)}</span>
        <span>
          SHA-256 <code>{img.sha256}</code>
        </span>
        <span>
          perceptual hash <code>{img.phash}</code>
        </span>
      </p>
      <h2>Where it appeared</h2>
      {props.appearances.length ? (
        <ul class="list">
          {props.appearances.map((a) => (
            <li>
              <a href={`/articles/${a.articleId}`}>
                <bdi>{a.title}</bdi>
              </a>{' '}
              <span class="d">
                {a.source}, published {a.published}; seen {instantText(a.seenAt)} ({a.slot})
              </span>
              {a.caption ? <div lang="">{a.caption}</div> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>Not in any captured article.</p>
      )}
      {props.imports.length ? (
        <>
          <h2>Imported</h2>
          <ul class="list">
            {props.imports.map((i) => (
              <li>
                {i.source} collection: <code>{i.name}</code> <span class="d">imported {instantText(i.importedAt)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Variants</h2>
      {props.variants.length ? (
        <>
          <p class="meta">Other images of the archive with a perceptual hash within a few bits of this one: copies, crops, rescales and edits. Beside each, the difference overlay marks what differs from this photo; where an article's photo was edited from this one into it, the changed region is outlined on its thumbnail.</p>
          <ul class="photo-variants">
            {props.variants.map((v) => (
              <VariantPair of={img.sha256} v={v} />
            ))}
          </ul>
        </>
      ) : (
        <p>No near-duplicates in this archive.</p>
      )}
      <p class="meta">
        <a href={`/api/images/similar?sha256=${img.sha256}`}>JSON</a>
      </p>
    </Layout>
  );
}
