import pg from 'pg';
import { type Store, openStore } from '../database.ts';

/**
 * The databases a persistence test file runs on: always the embedded one, and — where a server
 * is given (`.ci/run` starts Debian's PostgreSQL and sets OPENPAYER_TEST_DATABASE_URL) —
 * PostgreSQL too, from an empty schema each time. Test files run in parallel, so each file gets
 * its own database on the server (`database`, created when missing): one file resetting its
 * schema never pulls the tables from under another.
 */
const serverUrl = process.env['OPENPAYER_TEST_DATABASE_URL'];

export function backends(database: string): { name: string; open: () => Promise<Store> }[] {
  if (!/^[a-z_][a-z0-9_]*$/u.test(database)) throw new Error(`not a database name: ${database}`);
  return [
    { name: 'PGlite (embedded)', open: () => openStore() },
    ...(serverUrl === undefined
      ? []
      : [
          {
            name: 'PostgreSQL server',
            open: async () => {
              const url = await ensureDatabase(serverUrl, database);
              const reset = await openStore({ url });
              await reset.query('DROP SCHEMA public CASCADE');
              await reset.query('CREATE SCHEMA public');
              await reset.query('DROP TABLE IF EXISTS openpayer_migrations');
              await reset.close();
              return openStore({ url });
            },
          },
        ]),
  ];
}

async function ensureDatabase(serverUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
