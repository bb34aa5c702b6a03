import { z } from 'zod';
import { QueueCrawlBody } from './request-bodies.js';
import { error, json, type RouteDoc } from './route-doc.js';

const int = () => z.number().int();
const time = () => z.string().describe('ISO 8601 date and time');

const QueueStatusSchema = z
  .object({
    kind: z.enum(['in-process', 'postgres']).describe("in-process: SQLite's crawler inside `wirewatch start`; postgres: jobs shared by `wirewatch worker` processes"),
    waiting: z.record(z.string(), int()).describe('jobs due now, by task'),
    scheduled: int(),
    running: int(),
    failed: z.object({ retrying: int(), permanent: int(), latest: z.array(z.object({ task: z.string(), error: z.string(), at: time() })) }),
    workers: z.array(
      z.object({
        id: z.string(),
        hostname: z.string(),
        pid: int(),
        concurrency: int(),
        startedAt: time(),
        seenAt: time(),
        alive: z.boolean(),
        jobsDone: int(),
        jobsFailed: int(),
      }),
    ),
    hosts: z.array(z.object({ host: z.string(), nextAllowedAt: time(), busy: z.boolean(), pushedUntil: time().nullable(), requests: int() })),
  })
  .meta({ id: 'QueueStatus', description: 'The crawl queue: jobs by state, failures, worker heartbeats, hosts held back.' });

/** The crawl queue, for admins. */
export const queueDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/admin/queue',
    tag: 'Admin',
    access: 'admin',
    summary: 'The crawl queue',
    responses: { 200: json('the queue', QueueStatusSchema) },
  },
  {
    method: 'post',
    path: '/api/admin/queue/crawl',
    tag: 'Admin',
    access: 'admin',
    summary: 'Queue a crawl now (PostgreSQL archives)',
    body: { json: QueueCrawlBody, example: '{"source":"kcna-kp"}' },
    responses: {
      202: json('queued', z.object({ queued: z.string() })),
      404: error('no such source'),
      409: error('a SQLite archive: its crawler runs inside `wirewatch start`'),
    },
  },
];
