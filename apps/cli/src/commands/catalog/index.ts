import { CliError, EXIT } from '../../exit-codes.ts';
import type { Io } from '../../io.ts';
import { CROSSWALK_HELP, crosswalkCommand } from './crosswalk.ts';
import { DIFF_HELP, diffCommand } from './diff.ts';
import { IMPORT_HELP, importCommand } from './import.ts';
import { SHOW_HELP, showCommand } from './show.ts';

/**
 * `openpayer catalog`: one file per subcommand (import, diff, show, crosswalk); reading and writing catalog
 * files in read.ts, wording in text.ts.
 */

export const CATALOG_HELP = `Usage: openpayer catalog SUBCOMMAND [options]

The reimbursement catalog (医保目录): import the national drug list, diff two releases, show an item,
attach a hospital-code crosswalk.

Subcommands:
  import NRDL.csv   import a national drug list CSV into a release (JSON), with a summary
  diff A B          items added, removed and changed between two releases (JSON or CSV)
  show CODE         one item by national code, item id or name, with its restriction text
  crosswalk RELEASE CROSSWALK
                    attach hospital codes → national codes to a release (a new dated release)

Run openpayer catalog SUBCOMMAND --help for its options.

Exit codes: 0 success · 1 import: rows with errors; show: no such item · 2 usage error ·
            3 input missing, unreadable or not a catalog · 70 internal error

Examples:
  openpayer catalog import nrdl_2024.csv --out nrdl-2024.json
  openpayer catalog diff nrdl-2024.json nrdl-2025.json
  openpayer catalog show XL01EB/达可替尼片`;

const SUBCOMMANDS: Record<
  string,
  { help: string; run: (args: string[], io: Io) => Promise<number> }
> = {
  import: { help: IMPORT_HELP, run: importCommand },
  diff: { help: DIFF_HELP, run: diffCommand },
  show: { help: SHOW_HELP, run: showCommand },
  crosswalk: { help: CROSSWALK_HELP, run: crosswalkCommand },
};

export async function catalogCommand(args: string[], io: Io): Promise<number> {
  const [name, ...rest] = args;
  if (name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' && rest[0] !== undefined ? SUBCOMMANDS[rest[0]] : undefined;
    io.stdout.write(`${topic?.help ?? CATALOG_HELP}\n`);
    return EXIT.ok;
  }
  if (name === undefined)
    throw new CliError(
      'usage',
      'catalog needs a subcommand: import, diff, show or crosswalk; run openpayer catalog --help',
    );
  const subcommand = SUBCOMMANDS[name];
  if (subcommand === undefined)
    throw new CliError(
      'usage',
      `unknown catalog subcommand "${name}"; run openpayer catalog --help`,
    );
  return subcommand.run(rest, io);
}
