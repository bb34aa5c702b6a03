/** Version permalinks and citation blocks: long hashes and URLs wrap instead of widening the page. */
export const CITE_CSS = `
pre.cite-text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.4rem 0 .8rem}
section.cite details summary{cursor:pointer;color:var(--link);font-size:.92rem;margin:.3rem 0}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.3rem 1rem;font-size:.92rem;margin:0 0 1.5rem}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
dl.facts code{overflow-wrap:anywhere;word-break:break-all}
@media (max-width:600px){dl.facts{grid-template-columns:1fr;gap:0}dl.facts dd{margin-bottom:.5rem}}
.version-body{max-width:42rem}
nav.version-nav{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.95rem;margin:0 0 1.5rem}
`;
