import { isEngineError } from '@openpayer/domain';
import { Hono, type MiddlewareHandler } from 'hono';
import { except } from 'hono/combine';
import { routePath } from 'hono/route';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { HTTP_STATUS, errorBody } from './errors.ts';
import { storableUrl, tooLarge } from './request.ts';
import type { RequestRateLimit } from '@openpayer/persistence';
import { type ApiEnv, authenticate } from './auth.ts';
import { buildOpenApiDocument } from './openapi/document.ts';
import { accumulatorRouteDocs, accumulatorRoutes } from './routes/accumulators.ts';
import { approvalRouteDocs, approvalRoutes } from './routes/approvals.ts';
import { auditRouteDocs, auditRoutes } from './routes/audit.ts';
import { catalogRouteDocs, catalogRoutes } from './routes/catalog.ts';
import { catalogSliceRouteDocs, catalogSliceRoutes } from './routes/catalog-slice.ts';
import { catalogEditRouteDocs, catalogEditRoutes } from './routes/catalog-edits.ts';
import { catalogCrosswalkRouteDocs, catalogCrosswalkRoutes } from './routes/catalog-crosswalk.ts';
import { claimRouteDocs, claimRoutes } from './routes/claims.ts';
import { type DrgServices, drgRouteDocs, drgRoutes } from './routes/drg.ts';
import { fhirRouteDocs, fhirRoutes } from './fhir/routes.ts';
import { policyRouteDocs, policyRoutes } from './routes/policies.ts';
import { meRoutes, principalRouteDocs, principalRoutes } from './routes/principals.ts';
import { findingRoutes, reviewRouteDocs, ruleSetRoutes } from './routes/review.ts';
import { reviewRunRouteDocs, reviewRunRoutes } from './routes/review-runs.ts';
import { reconciliationRouteDocs, reconciliationRoutes } from './routes/reconciliations.ts';
import { simulationRouteDocs, simulationRoutes } from './routes/simulations.ts';
import { specialCaseRouteDocs, specialCaseRoutes } from './routes/special-cases.ts';
import { caseRouteDocs, caseRoutes } from './routes/cases.ts';
import { oversightRouteDocs, oversightRoutes, oversightUploadDocs } from './routes/oversight.ts';
import { valueRouteDocs, valueRoutes } from './routes/value.ts';
import { settlementRouteDocs, settlementRoutes } from './routes/settlements.ts';
import { systemRouteDocs, systemRoutes } from './routes/system.ts';
import type { ApiServices } from './services.ts';
import type { Principal } from '@openpayer/persistence';

export const API_VERSION = '0.1.0';

/**
 * The per-principal rate limit when none is configured: 200 requests/s sustained, bursts of 400.
 * An operational limit (what one integrator may ask of the service), not a policy number.
 */
export const DEFAULT_RATE_LIMIT: RequestRateLimit = { perSecond: 200, burst: 400 };

export interface AppOptions {
  /** The database and the views over it (see `createServices`). */
  readonly services: ApiServices;
  /** Per-principal rate limit (default `DEFAULT_RATE_LIMIT`). */
  readonly rateLimit?: RequestRateLimit;
  /**
   * One entry per request, for the server's access log. It carries the route pattern
   * (`/v1/accumulators/:personId/:year`), never the path or body: no patient identifier reaches a log.
   */
  readonly log?: (entry: AccessLogEntry) => void;
  /** True while the server drains for shutdown: readiness answers 503. */
  readonly draining?: () => boolean;
  /** Largest accepted request body in bytes (413 above). Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Called with unexpected errors (the 500s), for the server's logger. Never sees request bodies. */
  readonly onUnexpectedError?: (error: unknown) => void;
  /** The DRG grouper tables and payment parameters (loaded by the Node server); routes 404 without them. */
  readonly drg?: DrgServices;
}

export interface AccessLogEntry {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly ms: number;
  readonly principal: string | null;
}

const TITLE = 'OpenPayer API';

/** Every route's documentation: the OpenAPI document, and the fuzz test's list of endpoints. */
export const ROUTE_DOCS = [
  ...systemRouteDocs,
  ...claimRouteDocs,
  ...settlementRouteDocs,
  ...catalogRouteDocs,
  ...catalogSliceRouteDocs,
  ...catalogEditRouteDocs,
  ...catalogCrosswalkRouteDocs,
  ...policyRouteDocs,
  ...reviewRouteDocs,
  ...reviewRunRouteDocs,
  ...approvalRouteDocs,
  ...accumulatorRouteDocs,
  ...auditRouteDocs,
  ...principalRouteDocs,
  ...drgRouteDocs,
  ...reconciliationRouteDocs,
  ...specialCaseRouteDocs,
  ...caseRouteDocs,
  ...oversightRouteDocs,
  ...oversightUploadDocs,
  ...simulationRouteDocs,
  ...valueRouteDocs,
  ...fhirRouteDocs,
];

/**
 * The HTTP API, tested through `app.request()`; the Node glue (listening, static files, shipped
 * data) is in `server.ts`. Everything under /v1 needs an API key.
 */
export function createApp(options: AppOptions) {
  const { services } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  let document: unknown;
  const openApiDocument = () =>
    (document ??= buildOpenApiDocument(
      {
        title: TITLE,
        version: API_VERSION,
        description:
          'OpenPayer — an open-source medical-insurance payment engine. Money is always a decimal string ' +
          '(amounts with exactly 2 decimals); every problem is reported as an Issue with a stable code and the path of the field.',
      },
      ROUTE_DOCS,
    ));

  const limited: MiddlewareHandler<ApiEnv> = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => tooLarge(c, `the request body is larger than ${maxBodyBytes} bytes`),
  });
  const { claims, settlements } = settlementRoutes(services);
  const log = options.log;
  const app = new Hono<ApiEnv>()
    .use(async (c, next) => {
      if (log === undefined) return next();
      const started = performance.now();
      await next();
      log({
        method: c.req.method,
        route: routePath(c),
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        principal: (c.get('principal') as Principal | undefined)?.id ?? null,
      });
    })
    .use(secureHeaders())
    .use(
      '/v1/*',
      // A catalog import and a rule set upload have their own, larger limits.
      except(
        (c) =>
          c.req.method === 'POST' &&
          (c.req.path === '/v1/catalog/releases' || c.req.path === '/v1/rule-sets'),
        limited,
      ),
    )
    .use('/v1/*', storableUrl)
    .use('/v1/*', authenticate(services, options.rateLimit ?? DEFAULT_RATE_LIMIT))
    .route('/', systemRoutes(API_VERSION, openApiDocument, TITLE, services, options.draining))
    .route('/v1/claims', claimRoutes)
    .route('/v1/claims', claims)
    .route('/v1/settlements', settlements)
    .route('/v1/catalog', catalogRoutes(services))
    .route('/v1/catalog', catalogSliceRoutes(services))
    .route('/v1/catalog', catalogEditRoutes(services))
    .route('/v1/catalog', catalogCrosswalkRoutes(services))
    .route('/v1/policies', policyRoutes(services))
    .route('/v1/rule-sets', ruleSetRoutes(services))
    .route('/v1/findings', findingRoutes(services))
    .route('/v1/review-runs', reviewRunRoutes(services))
    .route('/v1/reconciliations', reconciliationRoutes(services, options.drg))
    .route('/v1/special-cases', specialCaseRoutes(services))
    .route('/v1/cases', caseRoutes(services))
    .route('/v1', oversightRoutes(services))
    .route('/v1/simulations', simulationRoutes(services))
    .route('/v1/value', valueRoutes(services))
    .route('/v1/approvals', approvalRoutes(services))
    .route('/v1/accumulators', accumulatorRoutes(services))
    .route('/v1/audit', auditRoutes(services))
    .route('/v1/principals', principalRoutes(services))
    .route('/v1/me', meRoutes)
    .route('/v1/fhir', fhirRoutes(services));
  if (options.drg !== undefined) app.route('/v1/drg', drgRoutes(options.drg));

  app.notFound((c) =>
    c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404),
  );
  app.onError((error, c) => {
    if (isEngineError(error)) {
      return c.json(errorBody(error.code, error.message), HTTP_STATUS[error.code]);
    }
    options.onUnexpectedError?.(error);
    return c.json(
      errorBody('internal_error', 'an unexpected error occurred; it has been logged'),
      500,
    );
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
