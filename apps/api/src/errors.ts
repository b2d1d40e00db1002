import { type EngineErrorCode, type ErrorBody, type Issue } from '@openpayer/domain';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Error codes of the HTTP layer itself (the engine's own are `EngineErrorCode`). */
export const API_ERROR_CODES = [
  'malformed_json',
  'payload_too_large',
  'unsupported_media_type',
  'invalid_request',
  'not_found',
  'internal_error',
  'unauthenticated',
  'forbidden',
  'rate_limited',
  'conflict',
  'unprocessable',
  'not_ready',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export type ErrorCode = ApiErrorCode | EngineErrorCode;

/**
 * The one table from error code to HTTP status. It is total: a new code in the engine or here
 * fails the typecheck until it is given a status.
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, ContentfulStatusCode>> = {
  malformed_json: 400,
  invalid_request: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  not_found: 404,
  internal_error: 500,
  unauthenticated: 401,
  forbidden: 403,
  rate_limited: 429,
  conflict: 409,
  unprocessable: 422,
  not_ready: 503,
  // Engine errors reaching the API mean the request broke a contract the schemas did not catch
  // (422) or the engine broke an invariant (500).
  invalid_argument: 422,
  currency_mismatch: 422,
  not_at_minor_unit: 422,
  invalid_allocation: 422,
  division_by_zero: 422,
  invariant_violated: 500,
};

export function errorBody(code: ErrorCode, message: string, issues?: readonly Issue[]): ErrorBody {
  return {
    error:
      issues === undefined
        ? { code, message }
        : { code, message, issues: issues.map((i) => ({ ...i, path: [...i.path] })) },
  };
}
