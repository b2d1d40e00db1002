import { isEngineError } from '@openpayer/domain';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { HTTP_STATUS, errorBody } from './errors.ts';
import { buildOpenApiDocument } from './openapi/document.ts';
import { claimRouteDocs, claimRoutes } from './routes/claims.ts';
import { type DrgServices, drgRouteDocs, drgRoutes } from './routes/drg.ts';
import { systemRouteDocs, systemRoutes } from './routes/system.ts';

export const API_VERSION = '0.1.0';

export interface AppOptions {
  /** Largest accepted request body in bytes (413 above). Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Called with unexpected errors (the 500s), for the server's logger. Never sees request bodies. */
  readonly onUnexpectedError?: (error: unknown) => void;
  /** The DRG grouper tables and payment parameters (loaded by the Node server); routes 404 without them. */
  readonly drg?: DrgServices;
}

const TITLE = 'OpenPayer API';

/**
 * The HTTP API, free of Node APIs (runtime-agnostic, tested through `app.request()`); the Node
 * glue is in `server.ts`.
 */
export function createApp(options: AppOptions = {}) {
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
      [...systemRouteDocs, ...claimRouteDocs, ...drgRouteDocs],
    ));

  const app = new Hono()
    .use(secureHeaders())
    .use(
      '/v1/*',
      bodyLimit({
        maxSize: maxBodyBytes,
        onError: (c) =>
          c.json(
            errorBody('payload_too_large', `the request body is larger than ${maxBodyBytes} bytes`),
            413,
          ),
      }),
    )
    .route('/', systemRoutes(API_VERSION, openApiDocument, TITLE))
    .route('/v1/claims', claimRoutes);
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
