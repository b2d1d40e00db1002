import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Server as HttpServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { DipCatalog, DipParameters, DrgParameterSet, GrouperTables } from '@openpayer/pricing';
import {
  loadHarbinDrgParameters,
  loadNationalGrouper,
  loadShippedDipCatalog,
  loadShippedDipParameters,
} from '@openpayer/pricing/node';
import { type AppOptions, createApp } from './app.ts';
import type { DrgServices } from './routes/drg.ts';

export interface ServerOptions extends AppOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port?: number;
  /** Interface to bind. Loopback unless a deployment says otherwise. */
  readonly hostname?: string;
  /** A built admin UI (Vite `dist/`) to serve at `/`, with SPA fallback to index.html. */
  readonly adminDir?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /**
   * Graceful shutdown: readiness turns 503, no new connections are accepted, requests in flight
   * finish (up to `graceMs`, default 10 s, then connections are cut).
   */
  close(graceMs?: number): Promise<void>;
  /** Requests whose headers were read and whose answer is not finished yet. */
  inFlight(): number;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** Read a file strictly inside `root`; undefined when absent or outside (no path traversal). */
async function fileInside(
  root: string,
  relative: string,
): Promise<{ body: Buffer; type: string } | undefined> {
  const target = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  if (target !== root && !target.startsWith(root + path.sep)) return undefined;
  try {
    if (!(await stat(target)).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return {
    body: await readFile(target),
    type: CONTENT_TYPES[path.extname(target)] ?? 'application/octet-stream',
  };
}

function swaggerUiDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

/**
 * The shipped CHS-DRG 1.0 tables and Harbin parameters, and the demo DIP catalog and parameters
 * (data/dip, checked against the ICD code lists), read on first use (≈0.3 s, ≈60 MB) so a server
 * that never groups does not pay for them.
 */
export function shippedDrgServices(): DrgServices {
  let tables: GrouperTables | undefined;
  let parameters: DrgParameterSet | undefined;
  let dipCatalog: DipCatalog | undefined;
  let dipParameters: DipParameters | undefined;
  const unwrap = <T>(
    result: { ok: true; value: T } | { ok: false; issues: readonly { message: string }[] },
  ): T => {
    if (!result.ok) throw new Error(`shipped DRG / DIP data: ${result.issues[0]?.message ?? ''}`);
    return result.value;
  };
  return {
    tables: () => (tables ??= unwrap(loadNationalGrouper())),
    parameters: () => (parameters ??= unwrap(loadHarbinDrgParameters())),
    dip: {
      catalog: () => (dipCatalog ??= unwrap(loadShippedDipCatalog())),
      parameters: () => (dipParameters ??= unwrap(loadShippedDipParameters())),
    },
  };
}

/** The API with its Node-only parts: Swagger UI's assets and, optionally, the admin UI. */
export function createNodeApp(options: ServerOptions) {
  const api = createApp({ drg: shippedDrgServices(), ...options });
  const swaggerDir = swaggerUiDir();
  const adminDir = options.adminDir ? path.resolve(options.adminDir) : undefined;
  const root = new Hono();

  root.get('/docs/assets/:file', async (c, next) => {
    const file = await fileInside(swaggerDir, c.req.param('file'));
    if (!file) return next();
    return c.body(new Uint8Array(file.body), 200, {
      'content-type': file.type,
      'cache-control': 'public, max-age=3600',
    });
  });
  if (adminDir) {
    root.get('*', async (c, next) => {
      const requested = c.req.path;
      const isApiPath =
        requested.startsWith('/v1/') ||
        requested === '/health' ||
        requested === '/ready' ||
        requested === '/openapi.json' ||
        requested.startsWith('/docs');
      if (isApiPath) return next();
      // A screen's URL may end in something that looks like an extension (a policy version id
      // such as /policies/demo-230100-2025.1): a browser navigation (Accept: text/html) gets the
      // app too; a missing asset (a script, an image) still answers 404.
      const navigation = (c.req.header('accept') ?? '').includes('text/html');
      const file =
        (await fileInside(adminDir, requested)) ??
        (path.extname(requested) === '' || navigation
          ? await fileInside(adminDir, 'index.html')
          : undefined);
      if (!file) return next();
      return c.body(new Uint8Array(file.body), 200, { 'content-type': file.type });
    });
  }
  root.route('/', api);
  return root;
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  let draining = false;
  const app = createNodeApp({ ...options, draining: () => draining });
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 8787, hostname },
      (info: AddressInfo) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          inFlight: () => inFlight,
          close: (graceMs = 10_000) =>
            new Promise<void>((done, fail) => {
              draining = true;
              const http = server as HttpServer;
              const force = setTimeout(() => {
                http.closeAllConnections();
              }, graceMs);
              force.unref();
              server.close((error) => {
                clearTimeout(force);
                if (error) fail(error);
                else done();
              });
              // Idle keep-alive connections would hold close() open; busy ones finish first.
              http.closeIdleConnections();
            }),
        });
      },
    );
    let inFlight = 0;
    server.on('request', (_req, res: ServerResponse) => {
      inFlight += 1;
      res.once('close', () => {
        inFlight -= 1;
      });
    });
    server.once('error', reject);
  });
}
