/** Styles of the day pages (month calendar, sources of the day), the stories list and linked dates. */
export const DAY_CSS = `
a.day{color:inherit;text-decoration-color:#c9c6bf}
a.day:hover{color:var(--accent);text-decoration-color:currentColor}
.daynav{display:flex;justify-content:space-between;gap:1rem;margin:.5rem 0 1.5rem;font-size:.95rem}
.daynav .next{text-align:right;margin-left:auto}
.daynav small{display:block;color:var(--muted)}
.daynav .none{color:var(--muted);font-size:.85rem}
section.day-source{margin:0 0 1.8rem}
section.day-source h2{display:flex;justify-content:space-between;gap:1rem;align-items:baseline;text-transform:none;letter-spacing:0;font-size:1.05rem;color:var(--fg);border-bottom:2px solid var(--line);padding-bottom:.3rem;margin-bottom:0}
section.day-source h2 .count{font-weight:400;font-size:.85rem;color:var(--muted);white-space:nowrap}
table.month{border-collapse:collapse;width:100%;max-width:24rem;font-size:.92rem;font-variant-numeric:tabular-nums}
table.month caption{text-align:left;font-weight:600;padding:0 0 .4rem}
table.month caption nav{display:flex;justify-content:space-between;font-weight:400;font-size:.85rem;margin-top:.2rem}
table.month th{font-weight:400;color:var(--muted);font-size:.8rem;padding:.2rem 0}
table.month td{text-align:center;padding:1px;height:2.6rem;width:14.28%;border:1px solid var(--line);vertical-align:top;background:#fff}
table.month td.empty{background:transparent;border:none}
table.month td span,table.month td a{display:block;height:100%;padding:.15rem 0;color:var(--muted);line-height:1.2}
table.month td a{color:var(--link);text-decoration:none;background:#f4efe8}
table.month td a:hover{background:#eadfd2}
table.month td small{display:block;font-size:.72rem;color:var(--muted)}
table.month td.current a,table.month td.current span{outline:2px solid var(--accent);outline-offset:-2px;font-weight:700}
ol.stories{list-style:none;padding:0;margin:0}
ol.stories li{padding:.6rem 0;border-bottom:1px solid var(--line)}
ol.stories li .d{display:block;color:var(--muted);font-size:.85rem}
`;
