import { z } from 'zod';
import { accountDocs } from './account-docs.js';
import { archiveDocs } from './archive-docs.js';
import { entityDocs } from './entity-docs.js';
import { imageDocs } from './image-docs.js';
import { pageDocs } from './page-docs.js';
import { queueDocs } from './queue-docs.js';
import { json, type RouteDoc } from './route-doc.js';
import { searchDocs } from './search-docs.js';

/** This description itself: the OpenAPI document and its readable page. */
const apiDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'API',
    access: 'read',
    summary: 'This API as an OpenAPI 3.1 document',
    responses: { 200: json('the document', z.record(z.string(), z.unknown()).describe('an OpenAPI 3.1 document')) },
  },
  { method: 'get', path: '/api', tag: 'API', access: 'read', summary: 'This API as a readable page', responses: { 200: { description: 'the page', content: { 'text/html': 'an HTML page' } } } },
];

/** Every route of the app, described (a test compares this list with the app's router). */
export const ROUTE_DOCS: readonly RouteDoc[] = [...archiveDocs, ...searchDocs, ...entityDocs, ...accountDocs, ...queueDocs, ...imageDocs, ...pageDocs, ...apiDocs];
