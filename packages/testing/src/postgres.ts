import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * PostgreSQL for the tests that need a real server.
 *
 * `.ci/run` starts Debian's PostgreSQL and sets OPENPAYER_TEST_DATABASE_URL. `emptyDatabase`
 * gives a test file a database of its own on it (created when missing, its schema emptied), so
 * test files running in parallel never pull tables from under each other.
 */
export const testServerUrl: string | undefined = process.env['OPENPAYER_TEST_DATABASE_URL'];

/** `database` on the server at `serverUrl`, created when missing and emptied: its URL. */
export async function emptyDatabase(serverUrl: string, database: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/u.test(database)) throw new Error(`not a database name: ${database}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query('DROP SCHEMA public CASCADE');
    await client.query('CREATE SCHEMA public');
    await client.query('DROP TABLE IF EXISTS openpayer_migrations');
  } finally {
    await client.end();
  }
  return url.toString();
}

export interface TestPostgres {
  /** An empty database of its own (see `emptyDatabase`). */
  readonly url: string;
  /** Stops the server this started (nothing when the server was given). */
  close(): Promise<void>;
}

/**
 * An empty database for tests that cannot run without PostgreSQL (several API servers on one
 * database): on the server of OPENPAYER_TEST_DATABASE_URL, else on a throw-away server started
 * here from Debian's `postgresql` binaries (as `.ci/run` does) on a free loopback port, stopped by
 * `close`. Fails, saying what to install, when there is neither.
 */
export async function testPostgres(database: string): Promise<TestPostgres> {
  if (testServerUrl !== undefined) {
    return { url: await emptyDatabase(testServerUrl, database), close: () => Promise.resolve() };
  }
  const root = '/usr/lib/postgresql';
  const version = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(a) - Number(b))
        .at(-1)
    : undefined;
  if (version === undefined) {
    throw new Error(
      'these tests need PostgreSQL: set OPENPAYER_TEST_DATABASE_URL, or install Debian’s postgresql (.ci/run does both)',
    );
  }
  const bin = path.join(root, version, 'bin');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'openpayer-pg-'));
  // PostgreSQL refuses to run as root: its own account then.
  const asPostgres = (command: string, args: string[]) =>
    process.getuid?.() === 0
      ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'ignore' })
      : execFileSync(command, args, { stdio: 'ignore' });
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dataDir]);
  const port = await freePort();
  asPostgres(path.join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'openpayer']);
  asPostgres(path.join(bin, 'pg_ctl'), [
    '-D',
    dataDir,
    '-l',
    path.join(dataDir, 'server.log'),
    '-w',
    '-o',
    `-p ${String(port)} -k ${dataDir} -c listen_addresses=127.0.0.1`,
    'start',
  ]);
  const close = (): Promise<void> => {
    try {
      asPostgres(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', 'stop']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return Promise.resolve();
  };
  try {
    return {
      url: await emptyDatabase(`postgres://openpayer@127.0.0.1:${String(port)}/postgres`, database),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  });
}
