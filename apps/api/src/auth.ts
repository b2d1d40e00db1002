import { type Action, may } from '@openpayer/domain';
import type { Principal, RequestRateLimit } from '@openpayer/persistence';
import type { Context, MiddlewareHandler } from 'hono';
import { errorBody } from './errors.ts';
import type { ApiServices } from './services.ts';

/**
 * Authentication (API keys: `Authorization: Bearer <key>` or `X-API-Key: <key>`), roles and a
 * per-principal rate limit (a token bucket: a sustained rate and a burst above it). Object-level rules (an integrator only sees its own institution's
 * claims and approvals) live in the routes, next to the object they protect.
 */

export interface ApiEnv {
  Variables: { principal: Principal };
}

export function keyOf(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/iu.exec(header);
    return match?.[1];
  }
  return c.req.header('x-api-key')?.trim() || undefined;
}

/**
 * Who calls (401 without a valid key) and whether their per-principal rate limit admits the call
 * now (429 with Retry-After when their token bucket is empty): one look-up (`services.admit`),
 * whose bucket all servers on one PostgreSQL share.
 */
export function authenticate(
  services: ApiServices,
  limit: RequestRateLimit,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const key = keyOf(c);
    if (key === undefined || key.length > 200) {
      return c.json(
        errorBody('unauthenticated', 'send an API key: Authorization: Bearer <key>'),
        401,
        { 'www-authenticate': 'Bearer realm="openpayer"' },
      );
    }
    const { principal, retryAfterSeconds } = await services.admit(key, limit);
    if (principal === undefined) {
      return c.json(errorBody('unauthenticated', 'the API key is not valid'), 401, {
        'www-authenticate': 'Bearer realm="openpayer", error="invalid_token"',
      });
    }
    c.set('principal', principal);
    if (retryAfterSeconds !== undefined) {
      return c.json(
        errorBody(
          'rate_limited',
          `more than ${limit.perSecond} requests/s; retry after ${retryAfterSeconds} s`,
        ),
        429,
        { 'retry-after': String(retryAfterSeconds) },
      );
    }
    return next();
  };
}

/**
 * Only the roles that may perform `action` (the shared table, `PERMISSIONS` in
 * @openpayer/domain) may call the route: 403 for the others.
 */
export function allow(action: Action): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const { role } = c.get('principal');
    if (!may(role, action)) {
      return c.json(errorBody('forbidden', `a ${role} cannot ${c.req.method} ${c.req.path}`), 403);
    }
    return next();
  };
}

/**
 * The institution a list or a total covers: the one asked for (none: every institution), except
 * that an integrator only ever sees its own — asking for none gives its own, asking for another is
 * refused (`forbidden` names the one asked for).
 */
export function institutionScope(
  principal: Principal,
  requested: string | undefined,
):
  | { readonly ok: true; readonly institution: string | undefined }
  | { readonly ok: false; readonly forbidden: string } {
  if (principal.role !== 'institution_integrator') return { ok: true, institution: requested };
  if (requested !== undefined && requested !== principal.institutionCode) {
    return { ok: false, forbidden: requested };
  }
  return { ok: true, institution: principal.institutionCode ?? undefined };
}

/** An integrator acts only for its own institution; the fund's roles for any. */
export function actsFor(principal: Principal, institutionCode: string): boolean {
  return (
    principal.role !== 'institution_integrator' || principal.institutionCode === institutionCode
  );
}
