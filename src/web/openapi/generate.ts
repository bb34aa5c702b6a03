import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth.js';
import { ID, TAGS, type Access, type ResponseDoc, type RouteDoc } from './route-doc.js';
import { ApiErrorSchema } from './schemas.js';

type JsonSchema = Record<string, unknown>;

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const SAFE_INT = 9007199254740991;
const COMPONENTS = '#/components/schemas/';

/** `/articles/:id/versions/:n` → `/articles/{id}/versions/{n}`; a trailing `*` becomes the wildcard's parameter. */
export function openApiPath(doc: Pick<RouteDoc, 'path' | 'wildcard'>): string {
  return doc.path.replace(/:([A-Za-z_]\w*)/g, '{$1}').replace(/\*$/, `{${doc.wildcard?.name ?? 'path'}}`);
}

/** JSON Schema 2020-12 of a zod schema; named schemas (with an `id`) go to `components` and are referred to. */
class SchemaSet {
  readonly components: Record<string, JsonSchema> = {};

  of(schema: z.ZodType): JsonSchema {
    const id = z.globalRegistry.get(schema)?.id;
    const out = tidy(z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'output' })) as JsonSchema;
    const defs = (out.$defs ?? {}) as Record<string, JsonSchema>;
    delete out.$defs;
    delete out.$schema;
    for (const [name, def] of Object.entries(defs)) this.components[name] ??= def;
    if (!id) return out;
    delete out.id;
    this.components[id] ??= out;
    return { $ref: COMPONENTS + id };
  }
}

/** Refers to components instead of local $defs, and drops the safe-integer bounds zod adds to every integer. */
function tidy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(tidy);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === '$ref' && typeof x === 'string') out[k] = x.replace('#/$defs/', COMPONENTS);
    else if ((k === 'minimum' && x === -SAFE_INT) || (k === 'maximum' && x === SAFE_INT)) continue;
    else out[k] = tidy(x);
  }
  return out;
}

const ANYONE = [{}, { bearerToken: [] }, { sessionCookie: [] }];
const SIGNED_IN = [{ bearerToken: [] }, { sessionCookie: [] }];
const SECURITY: Record<Access, object[]> = { open: [], read: ANYONE, user: SIGNED_IN, editor: SIGNED_IN, admin: SIGNED_IN };
const NEEDS: Record<Access, string> = {
  open: 'Open to everyone, even in a private archive.',
  read: 'Public in a public-read archive; in a private one, a signed-in user or a token.',
  user: 'A signed-in user or a token.',
  editor: 'The editor role at least (a token with write scope); with a session, the X-CSRF-Token header.',
  admin: 'The admin role (a token with admin scope); with a session, the X-CSRF-Token header.',
};

function parameters(doc: RouteDoc, schemas: SchemaSet): object[] {
  const out: object[] = [];
  for (const m of doc.path.matchAll(/:([A-Za-z_]\w*)/g)) {
    const description = doc.params?.[m[1]] ?? m[1];
    const schema = description.startsWith(ID) || m[1] === 'n' ? { type: 'integer', minimum: 1 } : { type: 'string' };
    out.push({ name: m[1], in: 'path', required: true, description, schema });
  }
  if (doc.wildcard) out.push({ name: doc.wildcard.name, in: 'path', required: true, description: `${doc.wildcard.description}; the rest of the path, slashes included`, schema: { type: 'string' } });
  for (const [name, field] of Object.entries((doc.query?.shape ?? {}) as Record<string, z.ZodType>)) {
    const optional = field.safeParse(undefined).success;
    const schema = schemas.of(field);
    const description = schema.description as string | undefined;
    delete schema.description;
    out.push({ name, in: 'query', required: !optional, ...(description ? { description } : {}), schema, ...(schema.type === 'array' ? { style: 'form', explode: true } : {}) });
  }
  for (const [name, description] of Object.entries(doc.headers ?? {})) out.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });
  return out;
}

function response(r: ResponseDoc, schemas: SchemaSet): object {
  const content: Record<string, object> = {};
  if (r.json) content['application/json'] = { schema: schemas.of(r.json) };
  for (const [type, description] of Object.entries(r.content ?? {})) content[type] = { schema: { type: 'string', description } };
  const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
  return { description: r.description, ...(Object.keys(headers).length ? { headers } : {}), ...(Object.keys(content).length ? { content } : {}) };
}

/** What every /api route may also answer: no access, and the rate limit. */
function apiRefusals(doc: RouteDoc): Record<number, ResponseDoc> {
  if (!doc.path.startsWith('/api')) return {};
  const err = (description: string): ResponseDoc => ({ description, json: ApiErrorSchema });
  const out: Record<number, ResponseDoc> = {};
  if (doc.access !== 'open') out[401] = err(doc.access === 'read' ? 'a private archive: sign in or give a token; or an unknown or revoked token' : 'sign in or give a token');
  if (doc.access === 'editor' || doc.access === 'admin') out[403] = err(`this needs the ${doc.access} role (and token scope), or a write from another site`);
  out[429] = { ...err('too many requests'), headers: { 'Retry-After': 'seconds to wait' } };
  return out;
}

function operation(doc: RouteDoc, schemas: SchemaSet): object {
  const responses = { ...apiRefusals(doc), ...doc.responses };
  const body = doc.body?.json
    ? { required: true, content: { 'application/json': { schema: schemas.of(doc.body.json) } } }
    : doc.body?.form
      ? { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', description: `fields: ${doc.body.form}` } } } }
      : null;
  const params = parameters(doc, schemas);
  return {
    operationId: `${doc.method}${openApiPath(doc).replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    tags: [doc.tag],
    summary: doc.summary,
    description: [doc.description, NEEDS[doc.access]].filter(Boolean).join('\n\n'),
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: Object.fromEntries(Object.entries(responses).map(([status, r]) => [status, response(r, schemas)])),
    security: SECURITY[doc.access],
  };
}

/** The OpenAPI 3.1 document of every route described in `docs`. */
export function openApiDocument(docs: readonly RouteDoc[]): Record<string, unknown> {
  const schemas = new SchemaSet();
  schemas.of(ApiErrorSchema);
  const paths: Record<string, Record<string, object>> = {};
  for (const doc of docs) (paths[openApiPath(doc)] ??= {})[doc.method] = operation(doc, schemas);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Wirewatch',
      version: VERSION,
      summary: 'An archive and monitor of state media: articles, every version, search, stories, entities, alerts.',
      description:
        'JSON under /api (errors: `{error, message, position?}`), plus the pages, feeds, WARC downloads and Memento answers. Reads are public unless the archive is private; writes need a user with the right role. A readable version of this document is at /api; how to use it: docs/api.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'this archive' }],
    tags: TAGS,
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token from `wirewatch token add USER --scope read|write|admin`, sent as `Authorization: Bearer <token>`.' },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The session cookie POST /login sets. Writes with it also need the X-CSRF-Token header (or the forms\' _csrf field) and must come from this site.',
        },
      },
    },
  };
}
