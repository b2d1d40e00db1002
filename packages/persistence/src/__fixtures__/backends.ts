import { emptyDatabase, testServerUrl } from '@openpayer/testing/postgres';
import { type Store, emptyStoreImage, openStore } from '../database.ts';

/**
 * The databases a persistence test file runs on: always the embedded one, and — where a server
 * is given (`.ci/run` starts Debian's PostgreSQL and sets OPENPAYER_TEST_DATABASE_URL) —
 * PostgreSQL too, from an empty schema each time, its ledger hash-partitioned by person. Test files run in parallel, so each file gets
 * its own database on the server (`database`, created when missing): one file resetting its
 * schema never pulls the tables from under another.
 */
const serverUrl = testServerUrl;
const PARTITIONS = 4;

export function backends(database: string): { name: string; open: () => Promise<Store> }[] {
  return [
    // From the migrated image (emptyStoreImage): a second instead of initdb and 20 migrations.
    { name: 'PGlite (embedded)', open: async () => openStore({ image: await emptyStoreImage() }) },
    ...(serverUrl === undefined
      ? []
      : [
          {
            // Hash-partitioned by person: the key rule of a Citus cluster (partition.ts), so every
            // persistence test also proves the ledger can be distributed by person.
            name: 'PostgreSQL server (ledger partitioned by person)',
            open: async () =>
              openStore({
                url: await emptyDatabase(serverUrl, database),
                partitionByPerson: PARTITIONS,
              }),
          },
        ]),
  ];
}
