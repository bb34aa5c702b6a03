import type { ImageAppearance, ImageImport, StoredImage } from '../../store/images.js';
import { instantText } from '../crawl-format.js';
import { Layout } from '../layout.js';

export interface Variant {
  sha256: string;
  distance: number;
  image: StoredImage;
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
          <p class="meta">Other images of the archive with a perceptual hash within a few bits of this one: copies, crops, rescales and edits. The difference overlay marks what differs.</p>
          <ul class="photos">
            {props.variants.map((v) => (
              <li>
                <figure>
                  <a href={`/photos/${v.sha256}`}>
                    <img src={`/images/${v.sha256}/thumb`} alt={`Variant ${v.sha256.slice(0, 12)}`} loading="lazy" />
                  </a>
                  <figcaption>
                    {v.image.width} × {v.image.height} px, {v.distance} bits apart; <a href={`/images/diff/${img.sha256}/${v.sha256}.png`}>difference</a>
                  </figcaption>
                </figure>
              </li>
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
