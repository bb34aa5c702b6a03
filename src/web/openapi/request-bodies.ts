import { z } from 'zod';
import { RoleSchema } from './schemas.js';

/**
 * JSON request bodies as zod schemas the routes validate with (bodyOf, src/web/api/query.ts) and the
 * OpenAPI document is generated from. The domain's own rules (a free name, a long enough password, a
 * webhook address) are checked after these.
 */
export const NewUserBody = z.object({
  name: z.string().describe('1 to 64 letters, digits, dots, underscores or hyphens'),
  role: RoleSchema,
  password: z.string().describe('at least 8 characters'),
});
export const RoleChangeBody = z.object({ role: RoleSchema });
export const QueueCrawlBody = z.object({ source: z.string().optional().describe('a source slug; default every enabled source') });
