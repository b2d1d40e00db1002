import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApi } from './run.ts';

// `pnpm --filter @openpayer/api start`: the API on loopback on the embedded database (or
// DATABASE_URL), seeded with the demo data, serving the built admin UI when there is one.
// `openpayer serve` (the README's start command) runs the same, plus synthetic demo claims.
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
const running = await runApi({
  databaseUrl,
  dataDir:
    databaseUrl === undefined
      ? (process.env['OPENPAYER_DB_DIR'] ?? path.join(repo, '.openpayer', 'db'))
      : undefined,
  port,
  hostname: process.env['HOST'] ?? '127.0.0.1',
  adminDir,
  accessLog: process.env['OPENPAYER_ACCESS_LOG'] !== '0',
  stdout: process.stdout,
  stderr: process.stderr,
});
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('shutting down: finishing requests in flight\n');
  void running.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
