import { bibtexCitation, citationDate, cslJsonText, plainCitation, type CitedVersion } from '../citation.js';

/** Head metadata that reference managers and scholar indexes read (Highwire `citation_*` tags). */
export function CitationMeta(props: { v: CitedVersion }) {
  const v = props.v;
  return (
    <>
      <meta name="citation_title" content={v.title} />
      <meta name="citation_date" content={citationDate(v.published)} />
      <meta name="citation_publisher" content={v.outlet} />
      <meta name="citation_language" content={v.lang} />
      <meta name="citation_public_url" content={v.permalink} />
    </>
  );
}

/** "Cite this version": plain text shown, BibTeX and CSL-JSON one click away (no script needed). */
export function CiteBlock(props: { v: CitedVersion; heading?: string; linkVersion?: boolean }) {
  const v = props.v;
  return (
    <section class="cite" aria-labelledby="cite-heading">
      <h2 id="cite-heading">{props.heading ?? 'Cite this version'}</h2>
      {props.linkVersion ? (
        <p class="meta">
          <a href={new URL(v.permalink).pathname}>Version {v.n} as captured</a>, with its capture time, status and hashes.
        </p>
      ) : null}
      <pre class="cite-text">{plainCitation(v)}</pre>
      <details>
        <summary>BibTeX</summary>
        <pre class="cite-text">{bibtexCitation(v)}</pre>
      </details>
      <details>
        <summary>CSL-JSON (Zotero, Pandoc)</summary>
        <pre class="cite-text">{cslJsonText(v)}</pre>
      </details>
    </section>
  );
}
