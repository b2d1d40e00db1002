import type { Context } from 'hono';
import { errorBody } from './errors.ts';

type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

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
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
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
}
