import type { Context } from 'hono';
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
  return field.description ?? 'not a value this parameter takes';
}
