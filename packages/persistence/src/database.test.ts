import { type TestPostgres, emptyDatabase, testPostgres } from '@openpayer/testing/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openStore } from './database.ts';

/**
 * Several servers started together on one empty PostgreSQL each open the store: the migrations
 * and their bookkeeping table are made once, and no start fails on another's half-made table
 * (CI once saw `duplicate key … pg_type_typname_nsp_index` from two `CREATE TABLE IF NOT EXISTS`).
 */

let postgres: TestPostgres;

beforeAll(async () => {
  postgres = await testPostgres('openpayer_test_migrate');
}, 120_000);

afterAll(async () => {
  await postgres.close();
});

describe('opening one empty PostgreSQL from several processes at once', () => {
  it('migrates once, every opener succeeding', async () => {
    for (let round = 0; round < 4; round += 1) {
      const url =
        round === 0
          ? postgres.url
          : await emptyDatabase(serverOf(postgres.url), 'openpayer_test_migrate');
      const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ url })));
      try {
        const applied = await stores[0]?.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM openpayer_migrations',
        );
        // Every migration file once, whoever applied it; a later open applies nothing.
        expect(applied?.[0]?.n).toBeGreaterThan(0);
        const again = stores[1];
        expect(again === undefined ? undefined : await migrate(again)).toEqual([]);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    }
  }, 240_000);
});

/** The server's URL of a database URL (its maintenance database). */
function serverOf(url: string): string {
  const server = new URL(url);
  server.pathname = '/postgres';
  return server.toString();
}
