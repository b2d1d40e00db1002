import { type RequestRateLimit, type Store, exclusively } from '@openpayer/persistence';
import type { AccessLogEntry } from './app.ts';
import { type SeedReport, openServices, seedDemo } from './bootstrap.ts';
import { type RunningServer, startServer } from './server.ts';
import type { ApiServices } from './services.ts';

export interface RunOptions {
  /** postgres://… ; the embedded database otherwise. */
  readonly databaseUrl?: string | undefined;
  /** The embedded database's folder (when no databaseUrl). */
  readonly dataDir?: string | undefined;
  /** The ledger hash-partitioned by person into this many partitions (see `openStore`). */
  readonly partitionByPerson?: number | undefined;
  readonly port: number;
  readonly hostname: string;
  /** A built admin UI to serve at `/`. */
  readonly adminDir?: string | undefined;
  /** One JSON line per request on stdout (route patterns only, never paths or bodies). */
  readonly accessLog: boolean;
  /** Per-principal rate limit (default `DEFAULT_RATE_LIMIT`); shared by all servers on PostgreSQL. */
  readonly rateLimit?: RequestRateLimit | undefined;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /**
   * Runs after the demo seed and before the server listens (e.g. the CLI's synthetic claims);
   * returns lines for the banner.
   */
  readonly afterSeed?: (opened: {
    services: ApiServices;
    store: Store;
    seed: SeedReport;
  }) => Promise<readonly string[]>;
}

export interface RunningApi {
  readonly server: RunningServer;
  readonly store: Store;
  readonly seed: SeedReport;
  /** Drain the server, then close the database. */
  stop(): Promise<void>;
}

/**
 * The API as a running service: the database (seeded with the demo data), the server, the
 * banner with the URLs and the demo keys. `pnpm --filter @openpayer/api start` and
 * `openpayer serve` both run this.
 */
export async function runApi(options: RunOptions): Promise<RunningApi> {
  const { services, store } = await openServices({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    partitionByPerson: options.partitionByPerson,
    // The deployment's audit signing key (Ed25519 secret, base64); else the database's own.
    auditSigningKey: process.env['OPENPAYER_AUDIT_SIGNING_KEY'] || undefined,
    seed: false,
  });
  let seed: SeedReport;
  let extra: readonly string[];
  let server: RunningServer;
  try {
    // Servers started together on one empty PostgreSQL seed it one after the other (the first
    // imports the catalog; the others find it there).
    ({ seed, extra } = await exclusively(store, 'openpayer demo seeding', async () => {
      const report = await seedDemo(store);
      return {
        seed: report,
        extra: options.afterSeed ? await options.afterSeed({ services, store, seed: report }) : [],
      };
    }));
    server = await startServer({
      services,
      port: options.port,
      hostname: options.hostname,
      ...(options.adminDir ? { adminDir: options.adminDir } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      ...(options.accessLog
        ? {
            log: (entry: AccessLogEntry) => {
              options.stdout.write(
                `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`,
              );
            },
          }
        : {}),
      onUnexpectedError: (error) => {
        // The error only: never the request (claims carry patient identifiers).
        options.stderr.write(
          `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      },
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  options.stdout.write(
    [
      'OpenPayer is running',
      `  database   ${options.databaseUrl === undefined ? `embedded (${options.dataDir ?? 'in memory'})` : 'PostgreSQL (DATABASE_URL)'}`,
      `  admin UI   ${options.adminDir ? `${server.url}/` : '(not built: run `pnpm --filter @openpayer/admin build`)'}`,
      `  API        ${server.url}/v1`,
      `  API docs   ${server.url}/docs`,
      `  OpenAPI    ${server.url}/openapi.json`,
      ...extra,
      '',
      'Demo API keys (new on every start; send as "Authorization: Bearer <key>"):',
      ...Object.entries(seed.keys).map(([id, key]) => `  ${id.padEnd(14)} ${key}`),
      '',
      `Try: curl -H "Authorization: Bearer ${seed.keys['demo-admin'] ?? ''}" ${server.url}/v1/catalog/releases`,
      '',
    ].join('\n'),
  );
  return {
    server,
    store,
    seed,
    stop: () => server.close().then(() => store.close()),
  };
}
