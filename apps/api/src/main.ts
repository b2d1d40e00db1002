import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AccessLogEntry } from './app.ts';
import { openServices } from './bootstrap.ts';
import { startServer } from './server.ts';

// `pnpm start` / `npm start`: the API on loopback on the embedded database (or DATABASE_URL),
// seeded with the demo data, serving the built admin UI when there is one.
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const defaultAdmin = path.resolve(here, '../../admin/dist');
const adminDir =
  process.env['OPENPAYER_ADMIN_DIR'] ??
  (existsSync(path.join(defaultAdmin, 'index.html')) ? defaultAdmin : undefined);
const port = Number(process.env['PORT'] ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`PORT must be an integer 0–65535, got "${process.env['PORT'] ?? ''}"\n`);
  process.exit(2);
}
const databaseUrl = process.env['DATABASE_URL'] || undefined;
const dataDir =
  databaseUrl === undefined
    ? (process.env['OPENPAYER_DB_DIR'] ?? path.join(repo, '.openpayer', 'db'))
    : undefined;

const { services, store, seed } = await openServices({ databaseUrl, dataDir });
const server = await startServer({
  services,
  port,
  hostname: process.env['HOST'] ?? '127.0.0.1',
  ...(adminDir ? { adminDir } : {}),
  ...(process.env['OPENPAYER_ACCESS_LOG'] === '0'
    ? {}
    : {
        log: (entry: AccessLogEntry) => {
          process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
        },
      }),
  onUnexpectedError: (error) => {
    // The error only: never the request (claims carry patient identifiers).
    process.stderr.write(
      `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  },
});
process.stdout.write(
  [
    'OpenPayer is running',
    `  database   ${databaseUrl === undefined ? `embedded (${dataDir ?? ''})` : 'PostgreSQL (DATABASE_URL)'}`,
    `  admin UI   ${adminDir ? `${server.url}/` : '(not built: run `pnpm --filter @openpayer/admin build`)'}`,
    `  API        ${server.url}/v1`,
    `  API docs   ${server.url}/docs`,
    `  OpenAPI    ${server.url}/openapi.json`,
    '',
    ...(seed === null
      ? []
      : [
          'Demo API keys (new on every start; send as "Authorization: Bearer <key>"):',
          ...Object.entries(seed.keys).map(([id, key]) => `  ${id.padEnd(14)} ${key}`),
          '',
          `Try: curl -H "Authorization: Bearer ${seed.keys['demo-admin'] ?? ''}" ${server.url}/v1/catalog/releases`,
          '',
        ]),
  ].join('\n'),
);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('shutting down: finishing requests in flight\n');
  void server
    .close()
    .then(() => store.close())
    .then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
