import type { AppType } from '@openpayer/api';
import type { Issue } from '@openpayer/domain';
import { type ClientResponse, hc } from 'hono/client';
import { storedKey } from '../session/session.ts';

/**
 * The typed client over the API: paths, query parameters and bodies are checked against the
 * API's own route definitions (`AppType`), so a breaking API change fails the admin's typecheck.
 * Every call carries the signed-in key.
 */
export const api = hc<AppType>(globalThis.location.origin, {
  headers: (): Record<string, string> => {
    const key = storedKey();
    return key === null ? {} : { authorization: `Bearer ${key}` };
  },
});

/** The API's machine-readable error (every 4xx/5xx body), as the screens show it. */
export interface ApiError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly issues: readonly Issue[];
}

export type ApiResult<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ApiError };

type Success = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226;

/**
 * The body of a typed client response's 2xx answers: a route that also answers 4xx bodies gives a
 * union of responses, and only the successful ones are `data`.
 */
export type SuccessBody<R> =
  R extends ClientResponse<infer B, infer S, infer _F>
    ? S extends Success
      ? B
      : never
    : R extends { json(): Promise<infer T> }
      ? T
      : never;

interface ErrorBody {
  readonly error?: {
    readonly code?: string;
    readonly message?: string;
    readonly issues?: readonly Issue[];
  };
}

/**
 * Await a client call and split success from the API's error body. A network failure or a
 * non-JSON answer becomes an ApiError too, so a screen has one error path to render.
 */
export function call<R extends ClientResponse<unknown>>(
  request: Promise<R>,
): Promise<ApiResult<SuccessBody<R>>>;
export function call<T>(
  request: Promise<{ ok: boolean; status: number; json(): Promise<T> }>,
): Promise<ApiResult<T>>;
export async function call(
  request: Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>,
): Promise<ApiResult<unknown>> {
  let response;
  try {
    response = await request;
  } catch (failure) {
    if (failure instanceof DOMException && failure.name === 'AbortError') throw failure;
    return {
      ok: false,
      error: {
        status: 0,
        code: 'network_error',
        message: `the API could not be reached (${failure instanceof Error ? failure.message : String(failure)})`,
        issues: [],
      },
    };
  }
  const body = await jsonOf(response);
  if (response.ok) return { ok: true, data: body };
  return { ok: false, error: errorFrom(response.status, body) };
}

/** The ApiError of a refused response (one not read by `call`, e.g. a streamed download's). */
export async function refusalOf(response: {
  status: number;
  json(): Promise<unknown>;
}): Promise<ApiError> {
  return errorFrom(response.status, await jsonOf(response));
}

async function jsonOf(response: { json(): Promise<unknown> }): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function errorFrom(status: number, body: unknown): ApiError {
  const error = (body ?? {}) as ErrorBody;
  return {
    status,
    code: error.error?.code ?? 'unexpected_response',
    message: error.error?.message ?? `the API answered ${status}`,
    issues: error.error?.issues ?? [],
  };
}
