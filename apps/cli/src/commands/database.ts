import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from '../exit-codes.ts';
import type { Io } from '../io.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The help lines of the two options below. */
export const DATABASE_OPTIONS_HELP = `  --db DIR          the embedded database's folder (default: OPENPAYER_DB_DIR or .openpayer/db
                    in the repository, as openpayer serve uses)
  --database-url URL  PostgreSQL instead (default: DATABASE_URL)`;

/**
 * The database a command reads (the one \`openpayer serve\` writes): --database-url (or
 * DATABASE_URL), else the embedded database in --db (or OPENPAYER_DB_DIR, or .openpayer/db in the
 * repository), which must exist. Both named is a usage error.
 */
export function databaseOption(
  values: { readonly db?: string | undefined; readonly 'database-url'?: string | undefined },
  io: Pick<Io, 'cwd'>,
): { readonly url?: string; readonly dataDir?: string } {
  const url = values['database-url'] ?? (process.env['DATABASE_URL'] || undefined);
  if (url !== undefined && values.db !== undefined) {
    throw new CliError('usage', '--db and --database-url name two databases: give one');
  }
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//u.test(url)) {
      throw new CliError('usage', '--database-url must be a postgres:// URL');
    }
    return { url };
  }
  const dataDir = path.resolve(
    io.cwd,
    values.db ?? process.env['OPENPAYER_DB_DIR'] ?? path.join(repo, '.openpayer', 'db'),
  );
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new CliError(
      'file_not_found',
      `no database in ${dataDir} (start it with openpayer serve)`,
    );
  }
  return { dataDir };
}
