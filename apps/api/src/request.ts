import {
  type Issue,
  hasUnstorableText,
  issue,
  issuesFromZod,
  unstorableTextIssues,
} from '@openpayer/domain';
import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { errorBody } from './errors.ts';

type JsonBody = { ok: true; value: unknown; text: string } | { ok: false; response: Response };

/**
 * Read a JSON request body, answering the request's own faults with a machine-readable 4xx:
 * a body that is not JSON (415), or not parseable (400, with the parser's position).
 */
export async function readJsonBody(c: Context): Promise<JsonBody> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    return {
      ok: false,
      response: c.json(
        errorBody(
          'unsupported_media_type',
          `Content-Type must be application/json, got "${contentType || '(none)'}"`,
        ),
        415,
      ),
    };
  }
  const text = await c.req.text();
  if (text.trim() === '') {
    return {
      ok: false,
      response: c.json(
        errorBody('malformed_json', 'the request body is empty; send a JSON document'),
        400,
      ),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'unparseable';
    return {
      ok: false,
      response: c.json(
        errorBody('malformed_json', `the request body is not valid JSON: ${detail}`),
        400,
      ),
    };
  }
  // Text the database cannot keep (NUL, lone surrogates) is the request's fault, found here for
  // every JSON endpoint before any schema or store sees it.
  const unstorable = unstorableTextIssues(value);
  if (unstorable.length > 0) {
    return {
      ok: false,
      response: c.json(
        errorBody('invalid_request', unstorable[0]?.message ?? 'unstorable text', unstorable),
        400,
      ),
    };
  }
  return { ok: true, value, text };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

/** A JSON body checked against a schema (decoded: money becomes Money); 400 naming each field. */
export async function readBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  what: string,
): Promise<Parsed<z.output<S>>> {
  const body = await readJsonBody(c);
  if (!body.ok) return body;
  return checked(c, schema, body.value, what);
}

export function checked<S extends z.ZodType>(
  c: Context,
  schema: S,
  value: unknown,
  what: string,
): Parsed<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    response: c.json(
      errorBody('invalid_request', `${what} is not valid`, issuesFromZod(parsed.error)),
      400,
    ),
  };
}

/** Query parameters checked against a strict schema (unknown parameters refused). */
function readQuery<S extends z.ZodType>(c: Context, schema: S): Parsed<z.output<S>> {
  return checked(c, schema, c.req.query(), 'the query');
}

/** What a client sends for a query schema: its parameter names, each a string (enums keep their values). */
export type QueryInput<S extends z.ZodType> = {
  [K in keyof z.input<S>]?: NonNullable<z.input<S>[K]> extends string
    ? NonNullable<z.input<S>[K]>
    : string;
};

/**
 * Middleware checking the query against a strict schema (400 naming each parameter); the handler
 * reads the decoded value with `c.req.valid('query')`. It declares the parameters in the route's
 * type, so the admin's typed client (`hc<AppType>`) knows them.
 */
export function validQuery<S extends z.ZodType>(
  schema: S,
): MiddlewareHandler<
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any env: the check needs none of it
  any,
  string,
  { in: { query: QueryInput<S> }; out: { query: z.output<S> } }
> {
  return async (c, next) => {
    const query = readQuery(c, schema);
    if (!query.ok) return query.response;
    c.req.addValidatedData('query', query.value as object);
    await next();
    return undefined;
  };
}

/**
 * A 4xx answer carrying the engine's issues. Typed as the JSON it is (not a bare `Response`), so
 * a route that refuses keeps its success body in the typed client's view of it.
 */
export function refused(c: Context, status: 404 | 409 | 422, issues: readonly Issue[]) {
  const code = status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'unprocessable';
  return c.json(errorBody(code, issues[0]?.message ?? code, issues), status);
}

/**
 * Middleware reading a JSON body checked against a schema (415 / 400 as `readBody`); the handler
 * reads the decoded value with `c.req.valid('json')`. It declares the body in the route's type, so
 * the admin's typed client (`hc<AppType>`) sends `{ json }` checked against the schema's input.
 */
export function validJson<S extends z.ZodType>(
  schema: S,
  what: string,
): MiddlewareHandler<
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any env: the check needs none of it
  any,
  string,
  { in: { json: z.input<S> }; out: { json: z.output<S> } }
> {
  return async (c, next) => {
    const body = await readBody(c, schema, what);
    if (!body.ok) return body.response;
    c.req.addValidatedData('json', body.value as object);
    await next();
    return undefined;
  };
}

/** 403: an integrator's key acting for another institution than its own. */
export function forbiddenInstitution(c: Context, code: string) {
  return c.json(errorBody('forbidden', `this API key does not act for institution ${code}`), 403);
}

/**
 * 413: the body is larger than `limit`. The connection is closed after the answer: the rest of the
 * refused body is still on its way, and a client reusing the socket would have its next request
 * read from the middle of it (it was reset).
 */
export function tooLarge(c: Context, message: string) {
  return c.json(errorBody('payload_too_large', message), 413, { connection: 'close' });
}

/**
 * Middleware refusing (400) a request whose path segments or query values, decoded, hold text the
 * database cannot keep (NUL, lone surrogates): `/v1/settlements/%00/reverse` reached the database
 * as an id and answered 500. Runs before routing, so it covers every route and parameter.
 */
export const storableUrl: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  const found: Issue[] = [];
  const segments = url.pathname.split('/');
  segments.forEach((segment, i) => {
    if (hasUnstorableText(decoded(segment))) {
      found.push(
        issue('text.unstorable_character', `path segment ${i} holds a NUL or a lone surrogate`, {
          path: ['path', i],
        }),
      );
    }
  });
  for (const [name, value] of url.searchParams) {
    if (hasUnstorableText(name) || hasUnstorableText(value)) {
      found.push(
        issue(
          'text.unstorable_character',
          `query parameter ${name} holds a NUL or a lone surrogate`,
          {
            path: ['query', name],
          },
        ),
      );
    }
  }
  if (found.length > 0) {
    return c.json(errorBody('invalid_request', found[0]?.message ?? 'unstorable text', found), 400);
  }
  await next();
  return undefined;
};

/** A path segment as routes see it (undecodable percent-escapes stay as they are, plain ASCII). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
