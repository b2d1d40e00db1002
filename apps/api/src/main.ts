import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.ts';

// `pnpm start` / `npm start`: the API on loopback, serving the built admin UI when there is one.
const here = path.dirname(fileURLToPath(import.meta.url));
const defaultAdmin = path.resolve(here, '../../admin/dist');
const adminDir =
  process.env['OPENPAYER_ADMIN_DIR'] ??
  (existsSync(path.join(defaultAdmin, 'index.html')) ? defaultAdmin : undefined);
const port = Number(process.env['PORT'] ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`PORT must be an integer 0–65535, got "${process.env['PORT'] ?? ''}"\n`);
  process.exit(2);
}

const server = await startServer({
  port,
  hostname: process.env['HOST'] ?? '127.0.0.1',
  ...(adminDir ? { adminDir } : {}),
  onUnexpectedError: (error) => {
    process.stderr.write(
      `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  },
});
process.stdout.write(
  [
    'OpenPayer is running',
    `  admin UI   ${adminDir ? `${server.url}/` : '(not built: run `pnpm --filter @openpayer/admin build`)'}`,
    `  API        ${server.url}/v1`,
    `  API docs   ${server.url}/docs`,
    `  OpenAPI    ${server.url}/openapi.json`,
    '',
  ].join('\n'),
);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
