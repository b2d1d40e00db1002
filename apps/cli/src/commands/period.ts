import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openServices } from '@openpayer/api/bootstrap';
import { runStoredValuePeriod } from '@openpayer/api/value';
import { accountingPeriodOf, issuesFromZod, regionCodeSchema } from '@openpayer/domain';
import { recordOutcomeEvent, recordValueObservations } from '@openpayer/persistence';
import {
  outcomeEventSchema,
  valueObservationsSchema,
  valuePeriodRunSchema,
} from '@openpayer/pricing';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { DATABASE_OPTIONS_HELP, databaseOption } from './database.ts';

export const PERIOD_HELP = `Usage:
  openpayer period run --period PERIOD --region CODE [--institution CODE]... [--contract ID]... [--json] [DB]
  openpayer period observe FILE [DB]
  openpayer period outcomes FILE [DB]

Value-based payment periods (按价值付费), over the stored ledger, as the API's /v1/value does:

  run       pays the period: every institution with observations of it (capitation, stepped P4P,
            value score by its region's policy on the period's last day) and every risk-sharing
            contract of the region's policy with treated patients (the manufacturer's rebate owed,
            less what earlier runs invoiced). Computed whole before anything is written; a scope
            run before is shown as recorded (idempotent per period and contract).
  observe   records an institution's measurements of a period from a JSON file (the API's
            ValueObservations: institution, period, indicators, scores, enrolments, cases, payments);
            replaces them until the period is run.
  outcomes  records patient outcome events from an NDJSON file, one OutcomeEvent per line (treated,
            course_started, response, died, lost_to_follow_up); each id once.

Options:
  --period PERIOD     a year (2025), a quarter (2025-Q1) or a month (2025-03)
  --region CODE       the fund's region (GB/T 2260), whose policy holds the contracts
  --institution CODE  run only this institution (repeatable)
  --contract ID       run only this contract (repeatable)
  --json              print the runs as JSON (the API's shape)
${DATABASE_OPTIONS_HELP}
  -h, --help          this help

Exit codes: 0 done · 1 the period cannot be run, or a file line was refused (each named; nothing of
a refused run is written) · 2 usage error · 3 a file or the database cannot be opened

Examples:
  openpayer period observe h23010300012-2025.json
  openpayer period outcomes outcomes.ndjson
  openpayer period run --period 2025 --region 230100`;

async function openDatabase(values: { db?: string; 'database-url'?: string }, io: Io) {
  const { url, dataDir } = databaseOption(values, io);
  return openServices({ databaseUrl: url, dataDir, seed: false }).catch((error: unknown) => {
    throw new CliError(
      'file_unreadable',
      `cannot open the database: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
}

async function readText(file: string | undefined, io: Io): Promise<string> {
  if (file === undefined) throw new CliError('usage', 'give the file to read');
  return readFile(path.resolve(io.cwd, file), 'utf8').catch((error: unknown) => {
    throw new CliError(
      'file_unreadable',
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
}

const issueLines = (
  issues: readonly { code: string; message: string; path: readonly unknown[] }[],
) => issues.map((i) => `  ${i.code} at ${i.path.join('.') || '(root)'}: ${i.message}\n`).join('');

export async function periodCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        period: { type: 'string' },
        region: { type: 'string' },
        institution: { type: 'string', multiple: true },
        contract: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        db: { type: 'string' },
        'database-url': { type: 'string' },
      },
    });
  } catch (error) {
    throw new CliError('usage', error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (sub === 'observe') return observe(positionals[0], values, io);
  if (sub === 'outcomes') return outcomes(positionals[0], values, io);
  if (sub !== 'run') {
    throw new CliError('usage', `unknown subcommand "${sub ?? ''}": run, observe or outcomes`);
  }
  const period = accountingPeriodOf(values.period ?? '');
  if (period === undefined) {
    throw new CliError(
      'usage',
      `--period must be a year (2025), a quarter (2025-Q1) or a month (2025-03), got "${values.period ?? ''}"`,
    );
  }
  const region = regionCodeSchema.safeParse(values.region ?? '');
  if (!region.success) {
    throw new CliError('usage', `--region must be a GB/T 2260 code, got "${values.region ?? ''}"`);
  }
  const opened = await openDatabase(values, io);
  try {
    const result = await runStoredValuePeriod(opened.services, {
      period,
      region: region.data,
      institutions: values.institution,
      contracts: values.contract,
      by: 'cli',
    });
    if (!result.ok) {
      io.stderr.write(
        `${period.label} cannot be run; nothing was recorded:\n${issueLines(result.issues)}`,
      );
      return EXIT.recordsWithErrors;
    }
    const { created, runs } = result.value;
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify(
          { created, runs: runs.map((r) => ({ ...r, run: valuePeriodRunSchema.encode(r.run) })) },
          null,
          2,
        )}\n`,
      );
      return EXIT.ok;
    }
    const lines = [`${period.label}: ${created} run now, ${runs.length - created} run before`];
    for (const r of runs) {
      lines.push(`${r.id}\t${r.scope} ${r.subject}\ttotal ${r.total}\tpolicy ${r.policy}`);
      for (const e of r.run.entries) {
        lines.push(`  ${e.model}\t${e.rule}\t${e.counterparty}\t${e.amount.toFixedString()}`);
        for (const why of e.explanations) lines.push(`    ${why}`);
      }
      for (const d of r.run.due) lines.push(`  due: ${d.personId} on ${d.due}`);
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  } finally {
    await opened.store.close();
  }
}

async function observe(
  file: string | undefined,
  values: { db?: string; 'database-url'?: string },
  io: Io,
): Promise<number> {
  const text = await readText(file, io);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      'file_unreadable',
      `${file ?? ''} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = valueObservationsSchema.safeParse(json);
  if (!parsed.success) {
    io.stderr.write(
      `${file ?? ''}: refused, nothing recorded:\n${issueLines(issuesFromZod(parsed.error))}`,
    );
    return EXIT.recordsWithErrors;
  }
  const opened = await openDatabase(values, io);
  try {
    const recorded = await recordValueObservations(opened.store, parsed.data, 'cli');
    if (!recorded.ok) {
      io.stderr.write(`${file ?? ''}: refused:\n${issueLines(recorded.issues)}`);
      return EXIT.recordsWithErrors;
    }
    io.stdout.write(
      `${recorded.value.replaced ? 'replaced' : 'recorded'} observations of ${parsed.data.institution} for ${parsed.data.period}\n`,
    );
    return EXIT.ok;
  } finally {
    await opened.store.close();
  }
}

async function outcomes(
  file: string | undefined,
  values: { db?: string; 'database-url'?: string },
  io: Io,
): Promise<number> {
  const text = await readText(file, io);
  const opened = await openDatabase(values, io);
  let recorded = 0;
  let before = 0;
  let refused = 0;
  try {
    const lines = text.split(/\r?\n/u);
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const where = `${file ?? ''}:${index + 1}`;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        io.stderr.write(`${where}: not JSON\n`);
        refused += 1;
        continue;
      }
      const parsed = outcomeEventSchema.safeParse(json);
      if (!parsed.success) {
        io.stderr.write(`${where}: refused\n${issueLines(issuesFromZod(parsed.error))}`);
        refused += 1;
        continue;
      }
      const result = await recordOutcomeEvent(opened.store, parsed.data, 'cli');
      if (!result.ok) {
        io.stderr.write(`${where}: refused\n${issueLines(result.issues)}`);
        refused += 1;
      } else if (result.value.created) recorded += 1;
      else before += 1;
    }
  } finally {
    await opened.store.close();
  }
  io.stdout.write(`${recorded} recorded, ${before} recorded before, ${refused} refused\n`);
  return refused > 0 ? EXIT.recordsWithErrors : EXIT.ok;
}
