import { z } from 'zod';
import { AppearancesSchema, EntityListItemSchema, EntitySchema, YearlyAppearancesSchema } from './entity-schemas.js';
import { AppearancesQuery, EntitiesQuery, YearlyAppearancesQuery } from './api-queries.js';
import { BAD_CURSOR, error, json, NEXT_LINK, type RouteDoc } from './route-doc.js';

const tag = 'Entities';
const ENTITY = 'an entity id, e.g. kim-jong-un';

/** Entities, the leaders' tracker, and undoing a review. */
export const entityDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/entities',
    tag,
    access: 'read',
    summary: 'Entities whose name, alias, Hangul form or id contains q (50 a page)',
    description: "A bare array, in the gazetteer's order: the `Link` header holds the next page, when there is one.",
    query: EntitiesQuery,
    responses: { 200: { ...json('the entities', z.array(EntityListItemSchema)), headers: NEXT_LINK }, 400: error(BAD_CURSOR) },
    example: { q: 'kim' },
  },
  {
    method: 'get',
    path: '/api/entities/:id',
    tag,
    access: 'read',
    summary: 'An entity with its mentions, coverage and (tracked leaders) appearances',
    params: { id: ENTITY },
    responses: { 200: json('the entity', EntitySchema), 404: error('no such entity') },
    example: { id: 'kim-jong-un' },
  },
  {
    method: 'delete',
    path: '/api/entities/:id',
    tag,
    access: 'editor',
    summary: "Remove a name accepted into this archive's gazetteer",
    params: { id: ENTITY },
    responses: { 200: json('removed; it waits on the review list again', z.object({ removed: z.string(), name: z.string() })), 404: error('not a name added here') },
    example: { id: 'some-name' },
  },
  {
    method: 'post',
    path: '/api/entities/candidates/:name/restore',
    tag,
    access: 'editor',
    summary: 'Put a rejected candidate name back on the review list',
    params: { name: 'the rejected name' },
    responses: { 200: json('restored', z.object({ restored: z.string() })), 404: error('not a rejected name') },
    example: { name: 'Pak Pong Ju' },
  },
  {
    method: 'get',
    path: '/api/tracker/appearances',
    tag,
    access: 'read',
    summary: "A tracked leader's reported appearances",
    query: AppearancesQuery,
    responses: { 200: { ...json('the appearances by day (`count`: all of them; `items`: a page)', AppearancesSchema), headers: NEXT_LINK }, 400: error(`no ?person= or a bad year; ${BAD_CURSOR}`) },
    example: { person: 'kim-jong-un', year: '2024' },
  },
  {
    method: 'get',
    path: '/api/tracker/appearances/yearly',
    tag,
    access: 'read',
    summary: "A tracked leader's appearances and covered days per year",
    query: YearlyAppearancesQuery,
    responses: { 200: json('one row a year', YearlyAppearancesSchema), 400: error('no ?person=') },
    example: { person: 'kim-jong-un' },
  },
];
