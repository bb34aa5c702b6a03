import { Hono } from 'hono';
import { ownOrigin } from '../auth.js';
import { ApiPage } from './api-page.js';
import { openApiDocument } from './generate.js';
import { ROUTE_DOCS } from './registry.js';

/** `GET /api/openapi.json` (the OpenAPI 3.1 document) and `GET /api` (the same, readable). */
export function openApiRoutes(): Hono {
  const app = new Hono();
  // Built once: the routes are fixed for the life of the process.
  let doc: Record<string, unknown> | null = null;
  const document = () => (doc ??= openApiDocument(ROUTE_DOCS));
  app.get('/api/openapi.json', (c) => c.json(document()));
  app.get('/api', (c) => c.html(<ApiPage docs={ROUTE_DOCS} paths={document().paths as never} origin={ownOrigin(c)} />));
  return app;
}
