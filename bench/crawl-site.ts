/** The worker benchmark's site in a process of its own (bench/crawl-workers.ts): 8 loopback hosts, request times and paths over IPC. */
import { startNewsHosts } from '../src/queue/testing/news-hosts.js';

const site = await startNewsHosts({ hosts: Number(process.env.HOSTS ?? 8), articlesPerHost: Number(process.env.ARTICLES ?? 30), delayMs: Number(process.env.DELAY_MS ?? 0) });
process.send!(site.hosts);
process.on('message', () => {
  const hits: Record<string, { at: number; path: string }[]> = {};
  site.servers.forEach((s, i) => (hits[site.hosts[i]] = s.hits.map((h) => ({ at: h.at, path: h.path }))));
  process.send!(hits);
});
process.on('disconnect', () => void site.close().then(() => process.exit(0)));
