import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Issue, issue, validateClaim } from '@openpayer/domain';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { type InputFormat, closeOutput, readRecords } from '../records.ts';

export const VALIDATE_HELP = `Usage: openpayer validate FILE [options]

Validate claims without settling them: their shape (each problem names the field), national codes
(ICD-10 / ICD-9-CM-3 医保版, drug, service and consumable codes), consistent dates, and each line's
amount = quantity × unit price. Prints one JSON result per claim (NDJSON) and a summary on stderr.

FILE is an NDJSON file (one claim per line; .ndjson / .jsonl), a JSON file holding one claim or an
array of claims, or - for standard input. A line that is not JSON is reported with its line number
and the others are still validated.

Options:
  --format auto|json|ndjson  how to read FILE (default: auto, by extension or content)
  --out FILE                 write the results to FILE instead of standard output
  --quiet                    no summary on stderr
  -h, --help                 this help

Output (one line per claim):
  {"record":1,"line":1,"claimId":"C-2025-000001","ok":true,"issues":[]}

Exit codes: 0 all valid · 1 some claims have errors · 2 usage error · 3 input unreadable · 70 internal error

Examples:
  openpayer validate claims.ndjson
  openpayer validate claim.json --out results.ndjson
  cat claims.ndjson | openpayer validate -`;

export async function validateCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'auto' },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${VALIDATE_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new CliError(
      'usage',
      `validate takes exactly one FILE (or - for stdin), got ${positionals.length}`,
    );
  if (!['auto', 'json', 'ndjson'].includes(values.format))
    throw new CliError('usage', `--format must be auto, json or ndjson, got "${values.format}"`);
  const source = positionals[0] ?? '-';

  const started = performance.now();
  const out =
    values.out === undefined
      ? io.stdout
      : createWriteStream(path.resolve(io.cwd, values.out), { encoding: 'utf8' });
  let total = 0;
  let invalid = 0;
  let warnings = 0;
  try {
    for await (const record of readRecords(
      source,
      values.format as InputFormat,
      io.stdin,
      io.cwd,
    )) {
      total += 1;
      let result: { claimId: string | null; ok: boolean; issues: readonly Issue[] };
      if ('error' in record) {
        result = {
          claimId: null,
          ok: false,
          issues: [issue('input.malformed_json', record.error, { data: { line: record.line } })],
        };
      } else {
        const validated = validateClaim(record.value);
        result = { claimId: claimIdOf(record.value), ok: validated.ok, issues: validated.issues };
      }
      if (!result.ok) invalid += 1;
      warnings += result.issues.filter((i) => i.severity === 'warning').length;
      out.write(`${JSON.stringify({ record: record.index, line: record.line, ...result })}\n`);
    }
  } finally {
    await closeOutput(out, io);
  }
  if (!values.quiet) {
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    io.stderr.write(
      `validated ${total} claim${total === 1 ? '' : 's'}: ${total - invalid} valid, ${invalid} with errors, ${warnings} warning${warnings === 1 ? '' : 's'} (${seconds} s)\n`,
    );
  }
  return invalid > 0 ? EXIT.recordsWithErrors : EXIT.ok;
}

function claimIdOf(value: unknown): string | null {
  if (typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string')
    return value.id;
  return null;
}
