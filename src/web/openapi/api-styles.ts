/** The /api page: endpoints as compact sections; parameter tables fold into lines on a phone. */
export const API_CSS = `
.api-rules{max-width:46rem;font-size:.95rem;padding-left:1.2rem;margin:0 0 1rem}
.api-rules li{margin:.2rem 0}
.api-toc ul{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;list-style:none;padding:0;margin:0 0 1rem;font-size:.95rem}
.api-toc .count{color:var(--muted);font-size:.85rem}
section.endpoint{border-top:1px solid var(--line);padding:.9rem 0 .6rem}
section.endpoint h3{margin:0 0 .2rem;font-size:1.02rem;font-weight:600;overflow-wrap:anywhere}
section.endpoint h3 code.path{background:none;padding:0;font-size:1rem}
section.endpoint .summary{margin:0 0 .3rem}
section.endpoint .meta{margin:0 0 .5rem}
.method{display:inline-block;min-width:4.2em;text-align:center;font:600 .78rem/1.6 var(--sans);letter-spacing:.04em;border-radius:4px;padding:0 .35rem;color:#fff;background:#4a6a8a;vertical-align:.1em}
.method-post{background:#2f6b3b}.method-patch{background:#8a5a00}.method-delete{background:var(--accent)}
table.params{border-collapse:collapse;font-size:.88rem;margin:.3rem 0 .6rem;width:100%;table-layout:fixed}
table.params th:nth-child(1){width:24%}table.params th:nth-child(2){width:8%}table.params th:nth-child(3){width:20%}
table.params caption{text-align:left;color:var(--muted);font-size:.85rem}
table.params th,table.params td{text-align:left;padding:.25rem .5rem .25rem 0;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
table.params .required{color:var(--accent);font-size:.8rem}
dl.responses{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem .8rem;font-size:.88rem;margin:.3rem 0 .6rem}
dl.responses dt{font-weight:600}
dl.responses dd{margin:0;overflow-wrap:anywhere}
dl.responses .type{color:var(--muted)}
section.endpoint p.body{font-size:.88rem;margin:.3rem 0}
pre.curl{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.82rem;margin:.3rem 0 .4rem;padding:.5rem .8rem}
pre.curl code{background:none;padding:0}
@media (max-width:600px){table.params thead{display:none}table.params tr{display:block;padding:.3rem 0;border-bottom:1px solid var(--line)}table.params td{display:inline;border:0;padding:0 .4rem 0 0}table.params td:last-child{display:block}table.params th{width:auto}}
`;
