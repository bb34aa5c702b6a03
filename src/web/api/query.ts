import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { ParamError } from './cursor.js';

/**
 * A request's query parameters checked by the route's own zod schema, the one its OpenAPI description is
 * generated from (src/web/openapi), so what the document says and what the route accepts cannot drift
 * apart. Query strings are text: a parameter the schema takes as a number is read as one when it is
 * written as a whole number; an array takes every repetition of the parameter; an empty value counts as
 * absent. The first problem is a ParamError naming the parameter (400).
 */
export function queryOf<T extends z.ZodObject>(c: Context, schema: T): z.infer<T> {
  const raw: Record<string, unknown> = {};
  const shape = schema.shape as Record<string, z.ZodType>;
  for (const [name, field] of Object.entries(shape)) {
    const base = unwrap(field);
    if (base instanceof z.ZodArray) {
      const all = c.req.queries(name);
      raw[name] = all?.length ? all : undefined;
      continue;
    }
    const v = c.req.query(name);
    raw[name] = v === undefined || v === '' ? undefined : base instanceof z.ZodNumber && /^-?\d{1,15}$/.test(v) ? Number(v) : v;
  }
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const name = String(issue.path[0] ?? '');
  throw new ParamError(name, expected(shape[name], raw[name] === undefined));
}

/**
 * A request's JSON body checked by the route's own zod schema (the one its OpenAPI description gives).
 * `notObject`: what to say when the body is not a JSON object; `absentIs`: the value of a missing or
 * empty body, for a route whose every field is optional. A field that does not fit is a 400 naming it.
 */
export async function bodyOf<T extends z.ZodType>(c: Context, schema: T, opts: { notObject: string; absentIs?: unknown }): Promise<z.infer<T>> {
  const text = await c.req.text();
  let v: unknown = opts.absentIs;
  if (text.trim() || opts.absentIs === undefined) {
    try {
      v = JSON.parse(text);
    } catch {
      throw new HTTPException(400, { message: opts.notObject });
    }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new HTTPException(400, { message: opts.notObject });
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path.map(String);
  const field = fieldAt(schema, path);
  const missing = path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), v) === undefined;
  throw new HTTPException(400, { message: `${path.join('.') || 'the body'}: ${field ? expected(field, missing) : issue.message}` });
}

/** The schema of a field at a path through objects. */
function fieldAt(schema: z.ZodType, path: string[]): z.ZodType | undefined {
  let f: z.ZodType | undefined = schema;
  for (const k of path) {
    const base: z.ZodType | undefined = f && unwrap(f);
    f = base instanceof z.ZodObject ? (base.shape as Record<string, z.ZodType>)[k] : undefined;
  }
  return f;
}

/** The schema inside optional, default and nullable wrappers. */
function unwrap(field: z.ZodType): z.ZodType {
  let f = field;
  for (;;) {
    if (f instanceof z.ZodOptional || f instanceof z.ZodNullable || f instanceof z.ZodDefault) f = f.def.innerType as z.ZodType;
    else return f;
  }
}

/** What a parameter takes, in words, from its schema. */
function expected(field: z.ZodType | undefined, missing: boolean): string {
  if (!field) return 'not a parameter of this route';
  if (missing) return 'required';
  const base = unwrap(field);
  if (base instanceof z.ZodNumber) {
    const lo = base.minValue;
    const hi = base.maxValue;
    const bounded = (n: number | null) => n !== null && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER;
    if (bounded(lo) && bounded(hi)) return `a whole number from ${lo} to ${hi}`;
    if (bounded(lo)) return `a whole number, at least ${lo}`;
    return 'a whole number';
  }
  if (base instanceof z.ZodEnum) return `one of ${base.options.join(', ')}`;
  if (base instanceof z.ZodArray) return 'given as the parameter repeated';
  if (base instanceof z.ZodBoolean) return 'true or false';
  return field.description ?? `not a value it takes (${base instanceof z.ZodString ? 'text' : base.def.type})`;
}
