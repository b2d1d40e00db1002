// The engine error alone (no schemas): a batch's main thread starts its workers before loading
// anything heavy.
import { isEngineError } from '@openpayer/domain/engine-error';
import { CliError, EXIT, EXIT_CODE } from './exit-codes.ts';
import type { Io } from './io.ts';

export type { Io } from './io.ts';
export { EXIT, EXIT_CODE } from './exit-codes.ts';

export const VERSION = '0.1.0';

interface Command {
  readonly summary: string;
  /**
   * The command's module, imported when the command runs: `openpayer settle` need not load the
   * API, the embedded database and their dependencies that `serve` uses (≈65 MB and 0.4 s).
   */
  readonly load: () => Promise<{
    readonly help: string;
    readonly run: (args: string[], io: Io) => Promise<number>;
  }>;
}

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'the API and the admin UI on the embedded database, with demo data and keys',
    load: async () => {
      const m = await import('./commands/serve.ts');
      return { help: m.SERVE_HELP, run: m.serveCommand };
    },
  },
  settle: {
    summary: 'batch settlement of claims (NDJSON) against a policy and a catalog, on every core',
    load: async () => {
      const m = await import('./commands/settle.ts');
      return { help: m.SETTLE_HELP, run: m.settleCommand };
    },
  },
  merge: {
    summary: 'the outputs of settle --shard I/N (every shard) into the one-machine output',
    load: async () => {
      const m = await import('./commands/merge.ts');
      return { help: m.MERGE_HELP, run: m.mergeCommand };
    },
  },
  simulate: {
    summary:
      'what-if: claims (NDJSON) under a baseline and a candidate policy or catalog, compared',
    load: async () => {
      const m = await import('./commands/simulate.ts');
      return { help: m.SIMULATE_HELP, run: m.simulateCommand };
    },
  },
  supervise: {
    summary: 'post-payment review: claims (NDJSON) through smart-review rule sets, with history',
    load: async () => {
      const m = await import('./commands/supervise.ts');
      return { help: m.SUPERVISE_HELP, run: m.superviseCommand };
    },
  },
  kpi: {
    summary: 'KPIs of a settled batch (claims + settle results) by institution, doctor, month',
    load: async () => {
      const m = await import('./commands/kpi.ts');
      return { help: m.KPI_HELP, run: m.kpiCommand };
    },
  },
  anomalies: {
    summary: "anomalies of a settled batch: the rules over the KPIs' monthly sums, explained",
    load: async () => {
      const m = await import('./commands/anomalies.ts');
      return { help: m.ANOMALIES_HELP, run: m.anomaliesCommand };
    },
  },
  validate: {
    summary: 'validate claims (NDJSON or JSON) without settling them',
    load: async () => {
      const m = await import('./commands/validate.ts');
      return { help: m.VALIDATE_HELP, run: m.validateCommand };
    },
  },
  group: {
    summary: 'group discharge records with CHS-DRG 1.0 (NDJSON or CSV), one result per line',
    load: async () => {
      const m = await import('./commands/group.ts');
      return { help: m.GROUP_HELP, run: m.groupCommand };
    },
  },
  audit: {
    summary: 'the audit log: export it, print its signed head, verify an export (RFC 6962)',
    load: async () => {
      const m = await import('./commands/audit.ts');
      return { help: m.AUDIT_HELP, run: m.auditCommand };
    },
  },
  reconcile: {
    summary: "reconcile a hospital's period: DRG payments against cost, shared by the policy",
    load: async () => {
      const m = await import('./commands/reconcile.ts');
      return { help: m.RECONCILE_HELP, run: m.reconcileCommand };
    },
  },
  period: {
    summary: 'value-based payment periods: record observations and outcomes, run a period',
    load: async () => {
      const m = await import('./commands/period.ts');
      return { help: m.PERIOD_HELP, run: m.periodCommand };
    },
  },
  catalog: {
    summary: 'import the national drug list, diff two catalog releases, show an item',
    load: async () => {
      const m = await import('./commands/catalog/index.ts');
      return { help: m.CATALOG_HELP, run: m.catalogCommand };
    },
  },
  policy: {
    summary: 'check a benefit-design policy document (YAML or JSON)',
    load: async () => {
      const m = await import('./commands/policy.ts');
      return { help: m.POLICY_HELP, run: m.policyCommand };
    },
  },
  demo: {
    summary:
      'generate synthetic, realistic demo claims for Harbin (NDJSON, deterministic per seed)',
    load: async () => {
      const m = await import('./commands/demo.ts');
      return { help: m.DEMO_HELP, run: m.demoCommand };
    },
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
  openpayer supervise claims.ndjson --rules demo-rules-230100.json -o findings.ndjson
  openpayer validate --help`;

const commandNamed = (name: string | undefined): Command | undefined =>
  name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;

/**
 * The whole CLI as a function: arguments in, exit code out, all I/O through `io`. The binary is a
 * two-line wrapper around it; tests call it directly.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
      const topic = name === 'help' ? commandNamed(rest[0]) : undefined;
      io.stdout.write(`${topic === undefined ? HELP : (await topic.load()).help}\n`);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '-v' || name === '--version') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    const command = commandNamed(name);
    if (!command) throw new CliError('usage', `unknown command "${name}"; run openpayer --help`);
    const { run } = await command.load();
    return await run(rest, io);
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
