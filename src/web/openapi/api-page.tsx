import { Layout } from '../layout.js';
import { openApiPath } from './generate.js';
import { TAGS, type RouteDoc } from './route-doc.js';

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: Record<string, unknown>;
}
interface Operation {
  operationId: string;
  description: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
}
type Paths = Record<string, Record<string, Operation>>;

const ACCESS: Record<RouteDoc['access'], string> = {
  read: '',
  open: 'Open to everyone, even in a private archive.',
  user: 'Needs a signed-in user or a token.',
  editor: 'Needs the editor role (a token with write scope).',
  admin: 'Needs the admin role (a token with admin scope).',
};

/** A parameter's type in a few words: `integer ≥ 1`, `relevance | newest | oldest`, `Article`. */
function typeOf(s: Record<string, unknown>): string {
  if (typeof s.$ref === 'string') return s.$ref.split('/').pop()!;
  if (Array.isArray(s.enum)) return s.enum.join(' | ');
  if (s.type === 'array') return `list of ${typeOf((s.items ?? {}) as Record<string, unknown>)}`;
  const bounds = [s.minimum !== undefined ? `≥ ${s.minimum}` : '', s.maximum !== undefined ? `≤ ${s.maximum}` : ''].filter(Boolean).join(', ');
  return [String(s.type ?? 'any'), bounds].filter(Boolean).join(' ');
}

/** A JSON schema's shape in a few words: its name, or its fields (`{total, items: [Article]}`), or `[Source]`. */
function shapeOf(s: Record<string, unknown>): string {
  if (typeof s.$ref === 'string') return s.$ref.split('/').pop()!;
  if (s.type === 'array') return `[${shapeOf((s.items ?? {}) as Record<string, unknown>)}]`;
  const props = s.properties as Record<string, Record<string, unknown>> | undefined;
  if (s.type === 'object' && props) {
    const field = (k: string, v: Record<string, unknown>) => (v.$ref || v.type === 'array' ? `${k}: ${shapeOf(v)}` : k);
    return `{${Object.entries(props).map(([k, v]) => field(k, v)).join(', ')}}`;
  }
  return String(s.type ?? 'any');
}

/** The body of a response or request in a few words: its media types, and the schema's shape for JSON. */
function bodyOf(content: Record<string, { schema: Record<string, unknown> }> | undefined): string {
  if (!content) return '';
  return Object.entries(content)
    .map(([type, { schema }]) => (type === 'application/json' ? `JSON ${shapeOf(schema)}` : type))
    .join(', ');
}

/** A curl command line for a route, with its example values (placeholders in braces where there are none). */
export function curlLine(doc: RouteDoc, origin: string): string {
  const example = doc.example ?? {};
  const used = new Set<string>();
  let path = doc.path.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    used.add(name);
    return example[name] ?? `{${name}}`;
  });
  if (doc.wildcard) {
    used.add(doc.wildcard.name);
    path = path.replace(/\*$/, example[doc.wildcard.name] ?? `{${doc.wildcard.name}}`);
  }
  const query = Object.entries(example).filter(([k]) => !used.has(k));
  const url = origin + path + (query.length ? `?${new URLSearchParams(query)}` : '');
  const parts = ['curl'];
  if (doc.method !== 'get') parts.push(`-X ${doc.method.toUpperCase()}`);
  if (doc.access !== 'open' && doc.access !== 'read') parts.push('-H "Authorization: Bearer $TOKEN"');
  if (doc.headers?.['Accept-Datetime']) parts.push("-H 'Accept-Datetime: Tue, 20 Jun 2000 18:02:59 GMT' -i");
  if (doc.body?.json) parts.push(`-H 'Content-Type: application/json' -d '${doc.body.example ?? '{…}'}'`);
  parts.push(`'${url}'`);
  return parts.join(' ');
}

/** Text with `code` spans, as the descriptions write them. */
function Prose(props: { text: string }) {
  return <>{props.text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? <code>{part}</code> : part))}</>;
}

function Endpoint(props: { doc: RouteDoc; op: Operation; origin: string }) {
  const { doc, op } = props;
  const path = openApiPath(doc);
  // Only what this route answers; the refusals every /api route may give are said once, above.
  const statuses = Object.keys(op.responses).filter((status) => Number(status) in doc.responses);
  return (
    <details class="endpoint" id={op.operationId}>
      <summary>
        <span class={`method method-${doc.method}`}>{doc.method.toUpperCase()}</span> <code class="path">{path}</code>{' '}
        <span class="summary">{doc.summary}</span>
      </summary>
      {[doc.description, doc.access === 'read' ? null : ACCESS[doc.access]].filter(Boolean).map((p) => (
        <p class="meta">
          <Prose text={p!} />
        </p>
      ))}
      {op.parameters?.length ? (
        <ul class="params">
          {op.parameters.map((p) => (
            <li>
              <code>{p.name}</code> <span class="where">{[p.in, typeOf(p.schema), p.required ? 'required' : ''].filter(Boolean).join(', ')}</span>
              {p.description ? (
                <>
                  {' — '}
                  <Prose text={p.description} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {op.requestBody ? (
        <p class="body">
          <strong>Body:</strong> {bodyOf(op.requestBody.content)}
          {doc.body?.form ? ` (${doc.body.form})` : ''}
        </p>
      ) : null}
      <dl class="responses">
        {statuses.map((status) => (
          <>
            <dt>{status}</dt>
            <dd>
              <Prose text={op.responses[status].description} />
              {op.responses[status].content ? <span class="type"> · {bodyOf(op.responses[status].content)}</span> : null}
            </dd>
          </>
        ))}
      </dl>
      <pre class="curl"><code>{curlLine(doc, props.origin)}</code></pre>
    </details>
  );
}

/** `/api`: every route grouped by tag, readable without JavaScript, from the same document as /api/openapi.json. */
export function ApiPage(props: { docs: readonly RouteDoc[]; paths: Paths; origin: string }) {
  const groups = TAGS.map((t) => ({ ...t, docs: props.docs.filter((d) => d.tag === t.name) })).filter((g) => g.docs.length > 0);
  const anchor = (name: string) => `tag-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <Layout title="API">
      <h1>API</h1>
      <p class="lede">
        Every route of this archive: the JSON API under <code>/api</code>, the pages, feeds, WARC downloads and Memento. The same as an
        OpenAPI 3.1 document: <a href="/api/openapi.json">/api/openapi.json</a>. Open a route for its parameters, answers and a{' '}
        <code>curl</code> line.
      </p>
      <ul class="api-rules">
        <li>
          Reads are open to everyone unless the archive is private; then they need a token, <code>-H "Authorization: Bearer $TOKEN"</code>{' '}
          (<code>wirewatch token add USER --scope read|write|admin</code>), or a signed-in session. Scripts on any site may read (CORS).
        </li>
        <li>Writes need a token of a user with the role the route names (or a session and its CSRF token, from this site).</li>
        <li>
          JSON errors have one shape, <code>{'{"error", "message", "position"?}'}</code>. Besides the answers listed, every <code>/api</code>{' '}
          route may answer 401 (no or a bad token where one is needed), 403 (a role too low) and 429 (too many requests; wait{' '}
          <code>Retry-After</code> seconds).
        </li>
      </ul>
      <nav class="api-toc" aria-label="Sections">
        <ul>
          {groups.map((g) => (
            <li>
              <a href={`#${anchor(g.name)}`}>{g.name}</a> <span class="count">{g.docs.length}</span>
            </li>
          ))}
        </ul>
      </nav>
      {groups.map((g) => (
        <section class="api-group" id={anchor(g.name)}>
          <h2>{g.name}</h2>
          <p class="meta">{g.description}</p>
          {g.docs.map((d) => (
            <Endpoint doc={d} op={props.paths[openApiPath(d)][d.method]} origin={props.origin} />
          ))}
        </section>
      ))}
    </Layout>
  );
}
