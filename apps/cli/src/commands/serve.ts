import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { settleClaim } from '@openpayer/api/claims';
import { runApi } from '@openpayer/api/run';
import { validateClaim } from '@openpayer/domain';
import { countSettlements } from '@openpayer/persistence';
import type { ApiServices } from '@openpayer/api/services';
import { generateClaims } from '../demo/generate.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export const SERVE_HELP = `Usage: openpayer serve [options]

The API and the admin UI on the embedded database (no external service), or on PostgreSQL with
--database-url / DATABASE_URL. On first start the database is seeded with the demo data: the real
2024 national drug list as the catalog, the Harbin demo policy (activated from 2025-01-01), the
demo approval rules, API keys for each role, and synthetic people and claims (openpayer demo
generate) settled through the ledger, so every screen has something to show. Prints the URLs and
ready-to-use API keys (new on every start). Ctrl-C drains requests in flight and stops.

Options:
  --port N              port to listen on (default: PORT or 8787; 0 picks a free one)
  --host HOST           interface (default: HOST or 127.0.0.1, loopback only)
  --db DIR              the embedded database's folder (default: OPENPAYER_DB_DIR or .openpayer/db
                        in the repository)
  --database-url URL    PostgreSQL instead (default: DATABASE_URL)
  --admin DIR           the built admin UI (default: apps/admin/dist when it has been built)
  --demo-claims N       synthetic claims settled on first start (default 2000; 0 for none)
  --seed S              seed of the synthetic claims (default 1)
  --no-access-log       no access log lines on stdout
  -h, --help            this help

Exit codes: 0 stopped cleanly · 2 usage error · 3 the database or a file cannot be opened ·
70 internal error

Examples:
  openpayer serve
  openpayer serve --port 0 --db /tmp/openpayer-db --demo-claims 500
  DATABASE_URL=postgres://localhost/openpayer openpayer serve --demo-claims 0`;

function integer(value: string | undefined, option: string, min: number, max: number) {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/u.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliError(
      'usage',
      `${option} must be a whole number from ${min} to ${max}, got "${value}"`,
    );
  }
  return Number(value);
}

/** Settle the synthetic claims through the ledger, as integrators' settlements would be stored. */
async function settleDemoClaims(
  services: ApiServices,
  count: number,
  seed: number,
): Promise<{ settled: number; refused: number }> {
  let settled = 0;
  let refused = 0;
  let inFlight: Promise<void>[] = [];
  for (const wire of generateClaims({ claims: count, seed })) {
    const validated = validateClaim(wire);
    if (!validated.ok) {
      refused++;
      continue;
    }
    const claim = validated.value;
    inFlight.push(
      settleClaim(services, {
        id: `stl_demo_${claim.id}`,
        claim,
        principal: 'demo-seed',
        idempotencyKey: `demo-${claim.id}`,
        requestText: JSON.stringify(wire),
      }).then((result) => {
        if (result.ok) settled++;
        else refused++;
      }),
    );
    // The ledger commits concurrent settlements in groups; a few dozen at a time keeps it busy.
    if (inFlight.length >= 64) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  await Promise.all(inFlight);
  return { settled, refused };
}

export async function serveCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'database-url': { type: 'string' },
      admin: { type: 'string' },
      'demo-claims': { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
      'no-access-log': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${SERVE_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw new CliError('usage', `serve takes no arguments, got "${positionals.join(' ')}"`);
  }
  const port = integer(values.port ?? process.env['PORT'], '--port', 0, 65_535) ?? 8787;
  const demoClaims = integer(values['demo-claims'], '--demo-claims', 0, 1_000_000) ?? 2000;
  const seed = integer(values.seed, '--seed', 0, 2 ** 31 - 1) ?? 1;
  const databaseUrl = values['database-url'] ?? (process.env['DATABASE_URL'] || undefined);
  if (databaseUrl !== undefined && !/^postgres(?:ql)?:\/\//u.test(databaseUrl)) {
    throw new CliError('usage', '--database-url must be a postgres:// URL');
  }
  const dataDir =
    databaseUrl === undefined
      ? path.resolve(
          io.cwd,
          values.db ?? process.env['OPENPAYER_DB_DIR'] ?? path.join(repo, '.openpayer', 'db'),
        )
      : undefined;
  const defaultAdmin = path.join(repo, 'apps', 'admin', 'dist');
  const adminDir =
    values.admin !== undefined
      ? path.resolve(io.cwd, values.admin)
      : existsSync(path.join(defaultAdmin, 'index.html'))
        ? defaultAdmin
        : undefined;
  if (adminDir !== undefined && !existsSync(path.join(adminDir, 'index.html'))) {
    throw new CliError('file_not_found', `no built admin UI in ${adminDir} (index.html missing)`);
  }

  let running;
  try {
    running = await runApi({
      databaseUrl,
      dataDir,
      port,
      hostname: values.host ?? process.env['HOST'] ?? '127.0.0.1',
      adminDir,
      accessLog: !values['no-access-log'] && process.env['OPENPAYER_ACCESS_LOG'] !== '0',
      stdout: io.stdout,
      stderr: io.stderr,
      afterSeed: async ({ services, store }) => {
        if (demoClaims === 0 || (await countSettlements(store)) > 0) return [];
        io.stderr.write(`settling ${demoClaims} synthetic demo claims (first start)…\n`);
        const { settled, refused } = await settleDemoClaims(services, demoClaims, seed);
        return [
          `  demo data  ${settled} synthetic claims settled (seed ${seed}${refused > 0 ? `, ${refused} refused` : ''})`,
        ];
      },
    });
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      'file_unreadable',
      `cannot start: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const server = running;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stdout.write('shutting down: finishing requests in flight\n');
      void server.stop().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return EXIT.ok;
}
