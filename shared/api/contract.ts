import { z } from 'zod';

/** The HTTP methods the admin API uses. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The status of a successful answer: 204 answers have no body. */
export type SuccessStatus = 200 | 201 | 204;

declare const ANSWER: unique symbol;

/** A route's answer type, carried by the type system only: at run time it is an empty object. */
export type Answer<T> = { readonly [ANSWER]: T };

/** `answer: answer<ApiRecord>()` declares what a route answers without a schema. */
export const answer = <T>(): Answer<T> => ({}) as Answer<T>;

/** What a route declaration says; path parameters are read from `:name` segments of the path. */
export type RouteSpec = {
  method: RouteMethod;
  path: `/${string}`;
  query?: z.ZodType;
  body?: z.ZodType;
  /** 200 when left out. */
  status?: SuccessStatus;
  /** Left out for a 204 answer. */
  answer?: Answer<unknown>;
  /** The answer holds a secret shown once (a token string): it is never cached. */
  holdsSecret?: boolean;
  /** Answered without signing in (the session routes): a 401 there is a wrong key, not an ended session. */
  withoutSignIn?: boolean;
  /**
   * The route reads or changes an editable object that carries a `revision`. `read`: the answer's
   * revision goes out as `ETag`. `write`: the request names the revision it last read in `If-Match`
   * (428 `revision_required` without one, 412 `revision_conflict` when the object has changed since).
   */
  revision?: RevisionUse;
};

export type RevisionUse = 'read' | 'write';

/** The HTTP headers of the revision of an editable object. */
export const ETAG_HEADER = 'etag';
export const IF_MATCH_HEADER = 'if-match';

/** `ETag: "7"`: a revision as an entity tag (strong: the revision names the object's exact state). */
export const revisionTag = (revision: number): string => `"${revision}"`;

/** The details of a 412 `revision_conflict`: the object as it is now, so a client can show both sides. */
export type RevisionConflictDetails<T = unknown> = { revision: number; current: T };

/** A declared admin route: its spec plus the schema of its path parameters and its success status. */
export type Route<S extends RouteSpec = RouteSpec> = S & {
  readonly params: z.ZodType<Record<string, string>>;
  readonly paramNames: readonly string[];
  readonly status: SuccessStatus;
};

const PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/** Declares one admin route (its path relative to `ADMIN_PREFIX`). */
export function defineRoute<const S extends RouteSpec>(spec: S): Route<S> {
  const paramNames = [...spec.path.matchAll(PARAM)].map((match) => match[1]!);
  const params = z.object(Object.fromEntries(paramNames.map((name) => [name, z.string().min(1)])) as Record<string, z.ZodString>);
  return { ...spec, params, paramNames, status: spec.status ?? 200 };
}

/** `'id' | 'exampleId'` for `/apis/:id/examples/:exampleId`. */
export type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type ParamsOf<R extends RouteSpec> = { [K in ParamNames<R['path']>]: string };

/** What the route answers on success. */
export type AnswerOf<R extends RouteSpec> = R extends { answer: Answer<infer T> } ? T : void;

/** The query and body as a handler receives them: parsed, defaults filled in. */
export type QueryOf<R extends RouteSpec> = R extends { query: infer Q extends z.ZodType } ? z.output<Q> : Record<string, never>;
export type BodyOf<R extends RouteSpec> = R extends { body: infer B extends z.ZodType } ? z.output<B> : undefined;

/** A write of an editable object names the revision it last read. */
type RevisionOf<R extends RouteSpec> = R extends { revision: 'write' } ? { revision: number } : unknown;

/** What a route's handler receives, validated; a `write` route's handler gets the revision from `If-Match`. */
export type RouteInput<R extends RouteSpec> = { params: ParamsOf<R>; query: QueryOf<R>; body: BodyOf<R> } & RevisionOf<R>;

/** What a caller sends: only the parts the route declares; a query is always optional. */
export type CallInput<R extends RouteSpec> = ([ParamNames<R['path']>] extends [never] ? unknown : { params: ParamsOf<R> }) &
  (R extends { query: infer Q extends z.ZodType } ? { query?: z.input<Q> } : unknown) &
  (R extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : unknown) &
  RevisionOf<R>;

/** One area of the API (`apis`, `tokens`, …): its routes by name. */
export type RouteArea = Record<string, Route>;

/** Every route of a contract of areas, in declaration order. */
export function routesOf(contract: Record<string, RouteArea>): Route[] {
  return Object.values(contract).flatMap((area) => Object.values(area));
}
