import { isEngineError } from '@openpayer/domain';
import { CATALOG_HELP, catalogCommand } from './commands/catalog.ts';
import { DEMO_HELP, demoCommand } from './commands/demo.ts';
import { GROUP_HELP, groupCommand } from './commands/group.ts';
import { POLICY_HELP, policyCommand } from './commands/policy.ts';
import { SERVE_HELP, serveCommand } from './commands/serve.ts';
import { SETTLE_HELP, settleCommand } from './commands/settle.ts';
import { VALIDATE_HELP, validateCommand } from './commands/validate.ts';
import { CliError, EXIT, EXIT_CODE } from './exit-codes.ts';
import type { Io } from './io.ts';

export type { Io } from './io.ts';
export { EXIT, EXIT_CODE } from './exit-codes.ts';

export const VERSION = '0.1.0';

const COMMANDS: Record<
  string,
  { summary: string; help: string; run: (args: string[], io: Io) => Promise<number> }
> = {
  serve: {
    summary: 'the API and the admin UI on the embedded database, with demo data and keys',
    help: SERVE_HELP,
    run: serveCommand,
  },
  settle: {
    summary: 'batch settlement of claims (NDJSON) against a policy and a catalog, on every core',
    help: SETTLE_HELP,
    run: settleCommand,
  },
  validate: {
    summary: 'validate claims (NDJSON or JSON) without settling them',
    help: VALIDATE_HELP,
    run: validateCommand,
  },
  group: {
    summary: 'group discharge records with CHS-DRG 1.0 (NDJSON or CSV), one result per line',
    help: GROUP_HELP,
    run: groupCommand,
  },
  catalog: {
    summary: 'import the national drug list, diff two catalog releases, show an item',
    help: CATALOG_HELP,
    run: catalogCommand,
  },
  policy: {
    summary: 'check a benefit-design policy document (YAML or JSON)',
    help: POLICY_HELP,
    run: policyCommand,
  },
  demo: {
    summary:
      'generate synthetic, realistic demo claims for Harbin (NDJSON, deterministic per seed)',
    help: DEMO_HELP,
    run: demoCommand,
  },
};

export const HELP = `openpayer ${VERSION} — the OpenPayer medical-insurance payment engine on the command line

Usage: openpayer COMMAND [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join('\n')}

Options:
  -h, --help     help (also: openpayer COMMAND --help)
  -v, --version  print the version

Exit codes: 0 success · 1 some records have errors · 2 usage error · 3 input unreadable · 70 internal error

Examples:
  openpayer validate claims.ndjson
  openpayer group discharges.csv --explain
  openpayer catalog import nrdl_2024.csv --out nrdl-2024.json
  openpayer policy check demo-230100-2025.yaml
  openpayer validate --help`;

/**
 * The whole CLI as a function: arguments in, exit code out, all I/O through `io`. The binary is a
 * two-line wrapper around it; tests call it directly.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      io.stdout.write(`${topic !== undefined && COMMANDS[topic] ? COMMANDS[topic].help : HELP}\n`);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '-v' || name === '--version') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    const command = COMMANDS[name];
    if (!command) throw new CliError('usage', `unknown command "${name}"; run openpayer --help`);
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: Io): number {
  if (error instanceof CliError) {
    io.stderr.write(`openpayer: ${error.message}\n`);
    return EXIT_CODE[error.code];
  }
  // parseArgs reports unknown or malformed options with these codes.
  if (
    error instanceof TypeError &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('ERR_PARSE_ARGS')
  ) {
    io.stderr.write(`openpayer: ${error.message}\n`);
    return EXIT.usage;
  }
  if (isEngineError(error)) {
    io.stderr.write(`openpayer: ${error.code}: ${error.message}\n`);
    return EXIT_CODE[error.code];
  }
  io.stderr.write(
    `openpayer: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return EXIT.internal;
}
