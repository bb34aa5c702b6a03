/** The /api page: endpoints as compact sections, a line per parameter and per answer. */
export const API_CSS = `
.api-rules{max-width:46rem;font-size:.95rem;padding-left:1.2rem;margin:0 0 1rem}
.api-rules li{margin:.2rem 0}
.api-toc ul{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;list-style:none;padding:0;margin:0 0 1rem;font-size:.95rem}
.api-toc .count{color:var(--muted);font-size:.85rem}
details.endpoint{border-top:1px solid var(--line);padding:.45rem 0}
details.endpoint>summary{cursor:pointer;overflow-wrap:anywhere;padding:.1rem 0}
details.endpoint>summary code.path{background:none;padding:0;font-size:.98rem;font-weight:600;color:var(--fg)}
details.endpoint>summary .summary{color:var(--muted);font-size:.95rem}
details.endpoint[open]>summary{margin-bottom:.4rem}
details.endpoint .meta{margin:0 0 .5rem}
details.endpoint>:not(summary){margin-left:1.1rem}
.method{display:inline-block;min-width:4.2em;text-align:center;font:600 .78rem/1.6 var(--sans);letter-spacing:.04em;border-radius:4px;padding:0 .35rem;color:#fff;background:#4a6a8a;vertical-align:.1em}
.method-post{background:#2f6b3b}.method-patch{background:#8a5a00}.method-delete{background:var(--accent)}
ul.params{list-style:none;padding:0;margin:.3rem 0 .5rem;font-size:.88rem}
ul.params li{padding:.15rem 0;overflow-wrap:anywhere}
ul.params .where{color:var(--muted)}
dl.responses{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem .8rem;font-size:.88rem;margin:.3rem 0 .6rem}
dl.responses dt{font-weight:600}
dl.responses dd{margin:0;overflow-wrap:anywhere}
dl.responses .type{color:var(--muted)}
details.endpoint p.body{font-size:.88rem;margin:.3rem 0}
pre.curl{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.82rem;margin:.3rem 0 .4rem;padding:.5rem .8rem}
pre.curl code{background:none;padding:0}
`;
