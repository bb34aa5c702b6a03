/** Styles of the search page: the form, hits, facets and the attention chart. */
export const SEARCH_CSS = `
form.search{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 .6rem}
form.search input[type=search]{flex:1 1 18rem;min-width:0;font:inherit;padding:.5rem .7rem;border:1px solid #b9b6ad;border-radius:6px;background:#fff}
form.search select,form.search button,div.compare select,div.compare button{font:inherit;padding:.45rem .7rem;border:1px solid #b9b6ad;border-radius:6px;background:#fff}
form.search button,div.compare button{background:var(--fg);color:#fff;border-color:var(--fg)}
details.help{font-size:.92rem;margin:0 0 1.2rem}
details.help table{border-collapse:collapse;margin:.5rem 0}
details.help td{padding:.2rem .6rem .2rem 0;vertical-align:top;border-bottom:1px solid var(--line)}
.error{background:#fdecea;border-left:3px solid var(--accent);padding:.6rem .9rem;margin:0 0 1rem}
.error pre{background:none;padding:.3rem 0 0;margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
ol.hits{list-style:none;padding:0;margin:0}
ol.hits li{padding:.7rem 0;border-bottom:1px solid var(--line)}
ol.hits .d{display:block;color:var(--muted);font-size:.85rem}
ol.hits .s{margin:.25rem 0 0;font-size:.95rem;overflow-wrap:anywhere}
ol.hits .chg{margin:.25rem 0 0;font-size:.9rem;overflow-wrap:anywhere;color:var(--muted)}
ol.hits .chg a{margin-right:.3em}
ol.hits .chg del{background:#fbe3e1;color:#8a1c12}
ol.hits .chg ins{background:#e1f3e4;color:#12602a;text-decoration:none}
mark{background:#ffe58a;color:inherit;padding:0 .05em;border-radius:2px}
.facets h2{margin-top:1.2rem}
.facets ul{list-style:none;padding:0;margin:0;font-size:.92rem}
.facets li{display:flex;justify-content:space-between;gap:.5rem;padding:.12rem 0}
.facets li span{color:var(--muted);font-variant-numeric:tabular-nums}
.facets .years{columns:2}
div.compare{display:grid;gap:.4rem;margin:.4rem 0}
div.compare input{font:inherit;padding:.35rem .6rem;border:1px solid #b9b6ad;border-radius:6px;min-width:0}
div.compare .row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
#chart{min-height:2rem;margin:.4rem 0 .4rem}
.legend-nodata{font-size:.85rem;color:var(--muted);margin:0 0 1rem}
.legend-nodata i{display:inline-block;width:1.4em;height:.9em;vertical-align:-.1em;margin-right:.3em;border:1px solid #b9b6ad;background:repeating-linear-gradient(135deg,#d8d5cc 0 2px,transparent 2px 6px)}
.notice{background:#f3f1ea;border-left:3px solid var(--muted);padding:.6rem .9rem;margin:0 0 1rem;overflow-wrap:anywhere}
.unit{color:var(--muted);font-size:.85rem;font-weight:normal}
section.chart{margin:0 0 1rem}
section.chart h2{margin-top:.4rem}
div.compare .qs{display:grid;grid-template-columns:auto repeat(4,minmax(0,1fr));gap:.4rem;align-items:center}
@media (max-width:600px){div.compare .qs{grid-template-columns:1fr 1fr}div.compare .qs .hint{grid-column:1/-1}}
.hint{color:var(--muted);font-size:.85rem}
`;
