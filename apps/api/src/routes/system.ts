import { Hono } from 'hono';
import { z } from 'zod';
import type { RouteDoc } from '../openapi/document.ts';
import type { ApiServices } from '../services.ts';

export const healthSchema = z
  .strictObject({ status: z.literal('ok'), service: z.string(), version: z.string() })
  .meta({ id: 'Health' });

export const readinessSchema = z
  .strictObject({
    status: z.enum(['ready', 'not_ready']),
    database: z.enum(['pglite', 'postgres']),
    reason: z.string().optional(),
  })
  .meta({ id: 'Readiness' });

export const systemRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/ready',
    operationId: 'ready',
    summary: 'Readiness check',
    description: 'Ready when the database answers and the server is not draining for shutdown.',
    tags: ['system'],
    responses: {
      200: { description: 'Ready for traffic.', schema: readinessSchema },
      503: {
        description: 'Not ready (starting, draining or the database is down).',
        schema: readinessSchema,
      },
    },
  },
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    summary: 'Liveness check',
    tags: ['system'],
    responses: { 200: { description: 'The service is up.', schema: healthSchema } },
  },
];

/**
 * Interactive documentation: Swagger UI reading `/openapi.json`. Its script and styles are served
 * by the Node server from the `swagger-ui-dist` package under `/docs/assets/` (no CDN: the API
 * must work on a machine without internet access).
 */
export function docsPage(title: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} — API docs</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/assets/docs-init.js"></script>
  </body>
</html>`;
}

export const DOCS_INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

export function systemRoutes(
  version: string,
  openApiDocument: () => unknown,
  title: string,
  services: ApiServices,
  draining: () => boolean = () => false,
) {
  return new Hono()
    .get('/health', (c) => c.json({ status: 'ok' as const, service: 'openpayer-api', version }))
    .get('/ready', async (c) => {
      const database = services.store.kind;
      if (draining())
        return c.json({ status: 'not_ready' as const, database, reason: 'draining' }, 503);
      try {
        await services.store.query('SELECT 1');
      } catch {
        return c.json(
          { status: 'not_ready' as const, database, reason: 'database unavailable' },
          503,
        );
      }
      return c.json({ status: 'ready' as const, database }, 200);
    })
    .get('/openapi.json', (c) => c.json(openApiDocument()))
    .get('/docs', (c) => c.html(docsPage(title)))
    .get('/docs/assets/docs-init.js', (c) =>
      c.body(DOCS_INIT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
    );
}
