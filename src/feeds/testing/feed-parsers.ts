import { spawnSync } from 'node:child_process';
import { parseFeed } from 'feedsmith';
import type { FeedFormat } from '../feed-model.js';

export interface ParsedFeed {
  /** feedparser's verdict: 0 when the feed is well-formed and read without a warning. */
  bozo: number;
  exc: string;
  /** feedparser's name for the format (`atom10`, `rss20`; `json11` from the JSON check). */
  version: string;
  ids: string[];
  titles: string[];
  /** Each entry's text as the parser gives it (content, else summary). */
  contents: string[];
}

/**
 * Debian's feedparser (6.0) reads Atom and RSS; it has no JSON Feed reader (that came in 6.1), so a JSON
 * Feed is read by Python's json module and checked against JSON Feed 1.1's required members instead.
 */
const SCRIPT = String.raw`
import json, sys
try:
    import feedparser
except ImportError:
    print(json.dumps({"missing": True})); sys.exit(0)
fmt, data = sys.argv[1], sys.stdin.buffer.read()
if fmt == "json":
    problems = []
    try:
        doc = json.loads(data.decode("utf-8"))
    except Exception as e:
        print(json.dumps({"bozo": 1, "exc": str(e), "version": "", "ids": [], "titles": [], "contents": []})); sys.exit(0)
    if doc.get("version") != "https://jsonfeed.org/version/1.1": problems.append("version")
    if not isinstance(doc.get("title"), str): problems.append("title")
    items = doc.get("items")
    if not isinstance(items, list): problems.append("items"); items = []
    for it in items:
        if not isinstance(it.get("id"), str): problems.append("item id")
        if not isinstance(it.get("content_html"), str) and not isinstance(it.get("content_text"), str): problems.append("item content")
    print(json.dumps({"bozo": 1 if problems else 0, "exc": ", ".join(problems), "version": "json11",
        "ids": [it.get("id") for it in items], "titles": [it.get("title") for it in items],
        "contents": [it.get("content_html") or it.get("content_text") or "" for it in items]}))
else:
    d = feedparser.parse(data)
    def text(e):
        if e.get("content"): return e.content[0].value
        return e.get("summary", "")
    print(json.dumps({"bozo": int(bool(d.bozo)), "exc": str(d.get("bozo_exception", "")), "version": d.version,
        "ids": [e.get("id") for e in d.entries], "titles": [e.get("title") for e in d.entries],
        "contents": [text(e) for e in d.entries]}))
`;

/** Reads a feed with Debian's python3-feedparser (never the Python on PATH): fails loudly when it is missing. */
export function pythonFeedparser(body: string, format: FeedFormat): ParsedFeed {
  const run = spawnSync('/usr/bin/python3', ['-c', SCRIPT, format], { input: body, encoding: 'utf-8', timeout: 30_000 });
  if (run.error || run.status !== 0) throw new Error(`/usr/bin/python3 could not run the feed check: ${run.error?.message ?? run.stderr}`);
  const out = JSON.parse(run.stdout) as ParsedFeed & { missing?: boolean };
  if (out.missing) throw new Error("Debian's python3-feedparser is missing: install it with `apt-get install python3-feedparser` (.ci/run does)");
  return out;
}

/** Reads a feed with feedsmith's parser: the format it detected and the entries' ids (throws on a feed it cannot read). */
export function feedsmithParse(body: string): { format: string; ids: string[] } {
  const parsed = parseFeed(body);
  switch (parsed.format) {
    case 'atom':
      return { format: 'atom', ids: (parsed.feed.entries ?? []).map((e) => String(e.id)) };
    case 'rss':
      return { format: 'rss', ids: (parsed.feed.items ?? []).map((i) => String(i.guid?.value)) };
    case 'json':
      return { format: 'json', ids: (parsed.feed.items ?? []).map((i) => String(i.id)) };
    default:
      throw new Error(`feedsmith read the feed as ${parsed.format}`);
  }
}
