import { CRAWL_CSS } from './crawl-format.js';
import { STORY_CSS } from './story-styles.js';
import { DAY_CSS } from './day-styles.js';
import { PERCENT_CSS } from './percent-classes.js';
import { SEARCH_CSS } from './search-styles.js';
import { ADMIN_CSS } from './admin/admin-styles.js';
import { WATCH_CSS } from './watch/watch-styles.js';
import { CITE_CSS } from './cite-styles.js';
import { API_CSS } from './openapi/api-styles.js';
import { PHOTO_CSS } from './photo-styles.js';

/** One small stylesheet (served at /static/wirewatch.css): calm, readable, Korean fallbacks, no web fonts to download. */
export const CSS = `
:root{--fg:#1d1d1f;--muted:#5f6368;--line:#e3e3e0;--bg:#fbfaf7;--accent:#8a1c1c;--link:#1a4d8f;--warn:#fff4d6;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK KR","Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic","Nanum Gothic",sans-serif;
--serif:Charter,"Bitstream Charter","Source Serif Pro",Georgia,"Noto Serif","Noto Serif CJK KR","Noto Serif KR","Nanum Myeongjo",serif}
*{box-sizing:border-box}
:lang(ko){word-break:keep-all;overflow-wrap:anywhere}
html{background:var(--bg);color:var(--fg);font:17px/1.6 var(--sans);-webkit-text-size-adjust:100%}
body{margin:0}
a{color:var(--link);text-decoration-thickness:1px;text-underline-offset:2px}
a:hover{color:var(--accent)}
header.site{border-bottom:1px solid var(--line);background:#fff}
header.site .wrap{display:flex;gap:.3rem 1.5rem;align-items:baseline;flex-wrap:wrap;padding:.7rem 1rem}
header.site .brand{font-weight:700;letter-spacing:.02em;color:var(--fg);text-decoration:none;font-size:1.1rem}
header.site nav{display:flex;flex-wrap:wrap;row-gap:.2rem}
header.site nav a{margin-right:1rem;color:var(--muted);text-decoration:none}
header.site nav a:hover{color:var(--fg)}
header.site form.signout{margin-left:auto}header.site form.signout button{font:inherit;color:var(--muted);background:none;border:0;padding:0;cursor:pointer}header.site form.signout button:hover{color:var(--fg)}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
main.wrap{padding-top:1.5rem;padding-bottom:3rem}
.grid{display:grid;grid-template-columns:minmax(0,42rem) minmax(0,1fr);gap:3rem}
@media (max-width:900px){.grid{grid-template-columns:1fr;gap:1.5rem}}
h1{font:700 2rem/1.25 var(--serif);margin:.2rem 0 .8rem;letter-spacing:-.01em}
h2{font-size:1rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:2rem 0 .6rem;font-weight:600}
:lang(ko) h1,h1:lang(ko){font-family:var(--sans);word-break:keep-all;line-height:1.4}
.meta{color:var(--muted);font-size:.92rem;margin:0 0 1.5rem}
.meta span+span::before{content:" · "}
.article-body{font:1.12rem/1.75 var(--serif)}
.article-body:lang(ko){font-family:var(--sans);font-size:1.08rem;line-height:1.9;word-break:keep-all}
.article-body p{margin:0 0 1.05em}
.original{display:inline-block;margin:.2rem 0 1.6rem;padding:.35rem .75rem;border:1px solid var(--line);border-radius:6px;background:#fff;font-size:.92rem}
.note{background:var(--warn);border-left:3px solid #d9a400;padding:.6rem .9rem;margin:0 0 1.2rem;font-size:.92rem}
ul.list{list-style:none;padding:0;margin:0}
ul.list li{padding:.55rem 0;border-bottom:1px solid var(--line)}
ul.list li .d{display:block;color:var(--muted);font-size:.85rem}
ul.list li.current{font-weight:600}
ul.list li.current .d::after{content:" · you are here"}
.pager{display:flex;justify-content:space-between;gap:1rem;margin:1rem 0;font-size:.95rem}
.prevnext{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin:2.5rem 0 0;padding-top:1rem;border-top:1px solid var(--line);font-size:.95rem}
.prevnext .next{text-align:right}
.prevnext small{display:block;color:var(--muted)}
table.counts{border-collapse:collapse;font-size:.92rem;width:100%}
table.counts td,table.counts th{padding:.3rem .4rem;border-bottom:1px solid var(--line);text-align:left}
table.counts td.n,table.counts th.n{text-align:right;font-variant-numeric:tabular-nums}
.count[title],th[title]{text-decoration:underline dotted var(--line);text-underline-offset:.2em;cursor:help}
dl.definitions dt{font-weight:600;margin-top:1rem}
dl.definitions dd{margin:.2rem 0 0;max-width:42rem}
details.copies{font-size:.88rem;color:var(--muted);margin:.2rem 0 1rem}
details.copies ul{margin:.3rem 0;padding-left:1.2rem;word-break:break-all}
.count-note{color:var(--muted);font-size:.85rem;margin:.4rem 0 1rem}
.bar{display:inline-block;height:.6rem;background:#c9b8a6;vertical-align:middle}
td.bar-cell{width:50%}
.badge{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:4px;background:#eee;color:#444;margin-left:.3rem;vertical-align:middle;font-weight:400}
.badge.warn{background:var(--warn)}
.lede{font-size:1.1rem;max-width:40rem}
code,pre{font:.9rem/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK KR",monospace;background:#f0efeb;border-radius:4px}
code{padding:.1rem .3rem}
pre{padding:.8rem 1rem;overflow:auto}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.85rem;padding:1rem 0 2rem}
.feed-links{margin:-.9rem 0 .3rem;text-align:right;font-size:.82rem;color:var(--muted)}
.feed-links a{color:var(--muted)}.feed-links a:hover{color:var(--accent)}
` + CRAWL_CSS + STORY_CSS + DAY_CSS + SEARCH_CSS + PERCENT_CSS + ADMIN_CSS + WATCH_CSS + CITE_CSS + API_CSS + PHOTO_CSS;
