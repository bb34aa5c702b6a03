import { longDate } from './format.js';

/** `2026-05-03T14:03:09Z` → `3 May 2026, 14:03 UTC`. */
export function instantText(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${longDate(m[1])}, ${m[2]} UTC` : iso;
}

/** A short "how long ago" for health tables. */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 90) return `${Math.round(s)} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

export function percent(r: number | null): string {
  return r === null ? '–' : `${Math.round(r * 100)}%`;
}

export const CRAWL_CSS = `
.note.removed{background:#fde8e8;border-left-color:#b42318}
.edited a{font-weight:600}
.diff ins{background:#d8f5dd;text-decoration:none;border-radius:2px}
.diff del{background:#fde0e0;color:#7a1f1f;border-radius:2px}
.diff .title{font:700 1.5rem/1.3 var(--serif);margin:.2rem 0 1rem}
.diff p{margin:0 0 1em}
.versions td,.versions th{vertical-align:top}
.table-scroll{overflow-x:auto;margin:0 0 1rem}
.versions td:nth-child(2){min-width:7.5rem}.versions td:nth-child(3){min-width:11rem}.versions td:nth-child(5){white-space:nowrap}
form.compare label{max-width:100%}form.compare select{max-width:100%}
form.compare{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;margin:1rem 0}
form.compare select,form.compare button{font:inherit;padding:.2rem .4rem}
.flag{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:4px;font-weight:600}
.note.markup{background:#fff4e0;border-left-color:#b26a00}.note.markup p{margin:.3rem 0}.note.markup code{overflow-wrap:anywhere}
.flag.bad{background:#fde0e0;color:#7a1f1f}.flag.ok{background:#e3f4e6;color:#1d5b2a}.flag.off{background:#eee;color:#555}
.spark{display:flex;align-items:flex-end;gap:2px;height:4rem;margin:.5rem 0 1.5rem}
.spark span{flex:1;background:#c9b8a6;min-height:1px}
.spark span.recent{background:#8a1c1c}
.spark span.nodata,.nodata-swatch{background:repeating-linear-gradient(45deg,#f3f3f3 0 3px,#a8a8a8 3px 5px)}.spark span.nodata{height:100%}
.nodata-swatch{display:inline-block;width:1.2em;height:.9em;vertical-align:middle}
dl.health{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;font-size:.95rem}
dl.health dt{color:var(--muted)}dl.health dd{margin:0;min-width:0;overflow-wrap:anywhere}
`;
