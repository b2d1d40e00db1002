import { Hono } from 'hono';
import { z } from 'zod';
import type { RouteDoc } from '../openapi/document.ts';

export const healthSchema = z
  .strictObject({ status: z.literal('ok'), service: z.string(), version: z.string() })
  .meta({ id: 'Health' });

export const systemRouteDocs: RouteDoc[] = [
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

export function systemRoutes(version: string, openApiDocument: () => unknown, title: string) {
  return new Hono()
    .get('/health', (c) => c.json({ status: 'ok' as const, service: 'openpayer-api', version }))
    .get('/openapi.json', (c) => c.json(openApiDocument()))
    .get('/docs', (c) => c.html(docsPage(title)))
    .get('/docs/assets/docs-init.js', (c) =>
      c.body(DOCS_INIT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
    );
}
