import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type Issue, formatPath } from '@openpayer/domain';
import { type Policy, parsePolicyText } from '@openpayer/pricing';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { inputFile } from '../records.ts';
import { policyFormatOf } from '../sources.ts';

const CHECK_HELP = `Usage: openpayer policy check FILE [options]

Validate a benefit-design policy document (待遇政策) exactly as POST /v1/policies does, without
storing it: the schema (types, amounts at the fen, ratios within 0–1, band edges rising, sharing
shares summing to 1, no unknown fields), the dates (no entry ending before it starts, no two
entries of one parameter with the same keys in force on the same day), and that every kind of
claim has the parameters a settlement needs. Prints each issue with the path of the field, its
code and where it is written (FILE:LINE:COLUMN). At most 100 issues are listed, then one
policy.more_issues with the count of the rest.

FILE is YAML (.yaml / .yml) or JSON (.json), like packages/pricing/data/policies/demo-230100-2025.yaml;
- reads standard input. A syntax error is an issue too (policy.syntax, with its line and column).

Options:
  --format auto|json|yaml  how to read FILE (default: auto, by extension, else JSON if it starts
                           with "{", else YAML)
  --json                   one JSON document: {file, valid, policy, issues[{code, severity, path,
                           field, line, column, message, data}]} (line and column null when the
                           field is not written in FILE)
  -h, --help               this help

Output (text):
  demo-230100-2025.yaml: valid — policy demo-230100-2025.1, region 230100, published 2024-12-15
  broken.yaml: 2 errors
    error   parameters.firstSelfPayRatio[0].value  policy.invalid  broken.yaml:43:7  …

Exit codes: 0 valid · 1 the document has errors · 2 usage error · 3 file missing or unreadable

Examples:
  openpayer policy check policies/demo-230100-2025.yaml
  openpayer policy check policy.json --json`;

export const POLICY_HELP = `Usage: openpayer policy SUBCOMMAND [options]

Benefit-design policies (待遇政策): the dated, keyed parameters settlement reads.

Subcommands:
  check FILE   validate a policy document (YAML or JSON): each issue with its path and code

Run openpayer policy check --help for its options.

Exit codes: 0 valid · 1 the document has errors · 2 usage error · 3 file missing or unreadable ·
            70 internal error

Examples:
  openpayer policy check demo-230100-2025.yaml
  openpayer policy check policy.json --json`;

export async function policyCommand(args: string[], io: Io): Promise<number> {
  const [name, ...rest] = args;
  if (name === '-h' || name === '--help' || name === 'help') {
    io.stdout.write(`${name === 'help' && rest[0] === 'check' ? CHECK_HELP : POLICY_HELP}\n`);
    return EXIT.ok;
  }
  if (name === undefined)
    throw new CliError('usage', 'policy needs a subcommand: check; run openpayer policy --help');
  if (name !== 'check')
    throw new CliError('usage', `unknown policy subcommand "${name}"; run openpayer policy --help`);
  return checkCommand(rest, io);
}

const FORMATS = ['auto', 'json', 'yaml'] as const;

async function checkCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'auto' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${CHECK_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new CliError(
      'usage',
      `policy check takes exactly one FILE (or - for stdin), got ${positionals.length}`,
    );
  const format = FORMATS.find((f) => f === values.format);
  if (format === undefined)
    throw new CliError('usage', `--format must be auto, json or yaml, got "${values.format}"`);
  const source = positionals[0] ?? '-';
  const text = await readSource(source, io);
  const chosen = format === 'auto' ? policyFormatOf(source, text) : format;

  const parsed = parsePolicyText(text, chosen);
  const issues = parsed.issues;
  const errors = issues.filter((i) => i.severity === 'error').length;
  const valid = parsed.ok;
  const policy = parsed.ok ? parsed.value : null;
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({
        file: source,
        valid,
        policy: policy === null ? null : policyHeader(policy),
        issues: issues.map((i) => ({ ...i, field: fieldOf(i), ...positionOf(i) })),
      })}\n`,
    );
  } else {
    io.stdout.write(checkText(source, policy, issues, errors));
  }
  return valid ? EXIT.ok : EXIT.recordsWithErrors;
}

async function readSource(source: string, io: Io): Promise<string> {
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }
  const file = await inputFile(source, io.cwd);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      'file_unreadable',
      `cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function policyHeader(policy: Policy) {
  return {
    id: policy.id,
    title: policy.title,
    region: policy.region,
    publishedOn: policy.publishedOn,
    parameters: Object.fromEntries(
      Object.entries(policy.parameters).map(([name, entries]) => [
        name,
        (entries as readonly unknown[]).length,
      ]),
    ),
  };
}

/** Where the issue is, as a reader would write it; a syntax error has a line and column instead. */
function fieldOf(i: Issue): string {
  if (i.path.length > 0) return formatPath(i.path);
  const line = i.data?.['line'];
  const column = i.data?.['column'];
  if (typeof line === 'number')
    return typeof column === 'number' ? `line ${line}, column ${column}` : `line ${line}`;
  return '(document)';
}

/** The line and column the pricing package found for the issue's field (null: not written). */
function positionOf(i: Issue): { line: number | null; column: number | null } {
  const line = i.data?.['line'];
  const column = i.data?.['column'];
  return {
    line: typeof line === 'number' ? line : null,
    column: typeof column === 'number' ? column : null,
  };
}

/** `broken.yaml:109:11`, as editors and terminals link it; the file alone when the line is unknown. */
function locationOf(source: string, i: Issue): string {
  const { line, column } = positionOf(i);
  if (line === null) return source;
  return column === null ? `${source}:${line}` : `${source}:${line}:${column}`;
}

function checkText(
  source: string,
  policy: Policy | null,
  issues: readonly Issue[],
  errors: number,
): string {
  const lines: string[] = [];
  if (policy !== null) {
    const header = policyHeader(policy);
    const entries = Object.values(header.parameters).reduce((sum, n) => sum + n, 0);
    lines.push(
      `${source}: valid — policy ${policy.id} “${policy.title}”, region ${policy.region}, published ${policy.publishedOn}`,
      `  parameters  ${Object.entries(header.parameters)
        .filter(([, n]) => n > 0)
        .map(([name, n]) => `${name} ${n}`)
        .join(' · ')} (${entries} entries)`,
    );
  } else {
    const warnings = issues.length - errors;
    lines.push(
      `${source}: ${errors} error${errors === 1 ? '' : 's'}${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`,
    );
  }
  const width = Math.max(0, ...issues.map((i) => fieldOf(i).length));
  for (const i of issues) {
    lines.push(
      `  ${i.severity.padEnd(7)} ${fieldOf(i).padEnd(width)}  ${i.code}  ${locationOf(source, i)}  ${i.message}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
