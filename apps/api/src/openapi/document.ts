import { z } from 'zod';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests: a route
 * table (below, in the routes) plus every schema registered with `.meta({ id })` as a component.
 * Schemas are rendered on their wire ("input") side: money and ratios are strings there.
 */
export interface RouteDoc {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly requestBody?: z.ZodType;
  readonly responses: Readonly<
    Record<number, { readonly description: string; readonly schema?: z.ZodType }>
  >;
}

type JsonObject = Record<string, unknown>;

const REF_PREFIX = '#/components/schemas/';

/** One route's schema: registered sub-schemas become $refs to the document's components. */
function toSchema(schema: z.ZodType): JsonObject {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    reused: 'inline',
  });
  delete json.$schema;
  delete json.$defs;
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', `"${REF_PREFIX}`)) as JsonObject;
}

export function buildOpenApiDocument(
  info: { title: string; version: string; description: string },
  routes: readonly RouteDoc[],
) {
  // Every schema with an id becomes a component; route schemas reference them by $ref.
  const registry = z.toJSONSchema(z.globalRegistry, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `${REF_PREFIX}${id}`,
  }) as { schemas: Record<string, JsonObject> };
  const components: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(registry.schemas)) {
    const copy = { ...schema };
    delete copy['$schema'];
    delete copy['$id'];
    components[id] = copy;
  }

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = response.schema
        ? {
            description: response.description,
            content: { 'application/json': { schema: toSchema(response.schema) } },
          }
        : { description: response.description };
    }
    const pathItem = (paths[route.path] ??= {});
    pathItem[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: route.tags,
      ...(route.requestBody
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(route.requestBody) } },
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info,
    paths,
    components: { schemas: components },
  };
}
