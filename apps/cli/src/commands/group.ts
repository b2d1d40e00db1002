import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { issuesFromZod } from '@openpayer/domain';
import {
  DISCHARGE_CSV_COLUMNS,
  type GrouperTables,
  dischargeRecordFromCsv,
  dischargeRecordSchema,
  groupRecord,
  grouperVersionFor,
  groupResultView,
  toDischargeRecord,
} from '@openpayer/pricing';
import {
  grouperVersions,
  loadGrouperAssignmentTable,
  loadGrouperVersion,
} from '@openpayer/pricing/node';
import { parseCsv } from '@openpayer/catalog';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { closeOutput, inputFile } from '../records.ts';

export const GROUP_HELP = `Usage: openpayer group FILE [options]

Group discharge records with a CHS-DRG grouper version shipped with OpenPayer (CHS-DRG 1.0 unless
--grouper names another): status, MDC, ADRG, DRG, the MCC / CC diagnoses that counted and those
excluded, warnings (unknown secondary codes). Streams: one JSON result per record (NDJSON),
whatever the file size; a summary on stderr.

FILE is NDJSON (one record per line) or CSV (.csv) with the header
  ${DISCHARGE_CSV_COLUMNS.join(',')}
(list columns separate codes with | or ;), or - for NDJSON on standard input. A bad record is
reported with its line number and the others are still grouped.

Record fields: sex (male|female|unknown), ageYears, ageDays (needed for infants; checked against
ageYears at any age), birthWeightGrams (newborns),
lengthOfStay, dischargeDisposition (1–9), principalDiagnosis, secondaryDiagnoses[],
principalProcedure, otherProcedures[] (ICD-10 / ICD-9-CM-3 医保版 codes), id (echoed back).

Options:
  --grouper ID      grouper version: chs-drg-1.0 (default), chs-drg-1.1, chs-drg-1.1-bj-2022,
                    harbin-2024 (CHS-DRG 1.1 ADRGs + the Harbin 2024 DRG list) …
  --region CODE --date YYYY-MM-DD
                    instead of --grouper: the version the region uses that day (dated data)
  --explain         add the step-by-step trace to each result
  --out FILE        write the results to FILE instead of standard output
  --quiet           no summary on stderr
  -h, --help        this help

Output (one line per record):
  {"record":1,"line":2,"id":"D1","status":"grouped","mdc":"MDCF","adrg":"FR2","drg":"FR25",...}

Exit codes: 0 all grouped · 1 some records invalid or ungroupable · 2 usage error · 3 input unreadable

Examples:
  openpayer group discharges.ndjson
  openpayer group discharges.csv --explain --out groups.ndjson
  openpayer group discharges.ndjson --grouper harbin-2024`;

interface Raw {
  readonly index: number;
  readonly line: number;
  readonly value?: unknown;
  readonly error?: string;
}

async function* rawRecords(source: string, io: Io): AsyncGenerator<Raw> {
  let input: NodeJS.ReadableStream;
  let csv = false;
  if (source === '-') {
    input = io.stdin;
  } else {
    const file = await inputFile(source, io.cwd);
    csv = path.extname(file).toLowerCase() === '.csv';
    input = createReadStream(file, { encoding: 'utf8' });
  }
  let line = 0;
  let index = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    if (csv && line === 1) {
      if (text.replace(/^\uFEFF/u, '').trim() !== DISCHARGE_CSV_COLUMNS.join(',')) {
        throw new CliError(
          'malformed_input',
          `${source} line 1: expected the header ${DISCHARGE_CSV_COLUMNS.join(',')}`,
        );
      }
      continue;
    }
    index += 1;
    if (csv) {
      const parsed = parseCsv(`${DISCHARGE_CSV_COLUMNS.join(',')}\n${text}\n`);
      const fields = parsed.records[0]?.fields;
      yield fields === undefined
        ? { index, line, error: 'not a CSV row' }
        : { index, line, value: dischargeRecordFromCsv(fields) };
      continue;
    }
    try {
      yield { index, line, value: JSON.parse(text) as unknown };
    } catch {
      yield { index, line, error: 'not valid JSON' };
    }
  }
}

export async function groupCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      grouper: { type: 'string' },
      region: { type: 'string' },
      date: { type: 'string' },
      explain: { type: 'boolean', default: false },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${GROUP_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new CliError(
      'usage',
      `group takes exactly one FILE (or - for stdin), got ${positionals.length}`,
    );
  }
  if ((values.region === undefined) !== (values.date === undefined))
    throw new CliError('usage', '--region and --date go together');
  if (values.region !== undefined && values.grouper !== undefined)
    throw new CliError('usage', 'name --grouper or --region with --date, not both');
  let version = values.grouper ?? 'chs-drg-1.0';
  if (values.region !== undefined && values.date !== undefined) {
    const table = loadGrouperAssignmentTable();
    if (!table.ok)
      throw new CliError(
        'malformed_input',
        `grouper assignments: ${table.issues[0]?.message ?? ''}`,
      );
    const assigned = grouperVersionFor(table.value, values.region, values.date);
    if (assigned === undefined)
      throw new CliError(
        'usage',
        `--region: no grouper version is assigned to ${values.region} on ${values.date}`,
      );
    version = assigned;
  }
  const loaded = loadGrouperVersion(version);
  if (loaded === undefined) {
    throw new CliError(
      'usage',
      `--grouper: unknown version "${version}"; one of ${grouperVersions()
        .map((v) => v.id)
        .join(', ')}`,
    );
  }
  if (!loaded.ok)
    throw new CliError('malformed_input', `grouper tables: ${loaded.issues[0]?.message ?? ''}`);
  const tables: GrouperTables = loaded.value;

  const started = performance.now();
  const out =
    values.out === undefined
      ? io.stdout
      : createWriteStream(path.resolve(io.cwd, values.out), { encoding: 'utf8' });
  const counts = new Map<string, number>();
  let total = 0;
  try {
    for await (const raw of rawRecords(positionals[0] ?? '-', io)) {
      total += 1;
      let result: Record<string, unknown>;
      if (raw.error !== undefined) {
        result = { status: 'invalid', issues: [{ code: 'input.malformed', message: raw.error }] };
      } else {
        const parsed = dischargeRecordSchema.safeParse(raw.value);
        if (!parsed.success) {
          const issues = issuesFromZod(parsed.error);
          result = { status: 'invalid', field: issues[0]?.path.join('.') ?? null, issues };
        } else {
          const g = groupRecord(tables, toDischargeRecord(parsed.data));
          result = {
            ...(parsed.data.id === undefined ? {} : { id: parsed.data.id }),
            ...groupResultView(g, values.explain),
          };
        }
      }
      const status = String(result['status']);
      counts.set(status, (counts.get(status) ?? 0) + 1);
      out.write(`${JSON.stringify({ record: raw.index, line: raw.line, ...result })}\n`);
    }
  } finally {
    await closeOutput(out, io);
  }
  if (!values.quiet) {
    const seconds = (performance.now() - started) / 1000;
    io.stderr.write(
      `grouped ${total} record${total === 1 ? '' : 's'} in ${seconds.toFixed(2)} s: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}\n`,
    );
  }
  const bad = (counts.get('invalid') ?? 0) + (counts.get('ungroupable') ?? 0);
  return bad > 0 ? EXIT.recordsWithErrors : EXIT.ok;
}
