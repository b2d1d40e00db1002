import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, EXIT } from '../exit-codes.ts';
import { type Io, isTty } from '../io.ts';
import { type Progress, issueRows, progressLine, rateRow } from '../batch/progress.ts';
import { type BatchSummary, type Shard, runBatch } from '../settle/batch.ts';
import { claimsFormatOption, wholeNumberOption } from './options.ts';

/** The --accumulators example of the help (and the README): a test reads it with the real reader. */
const ACCUMULATORS_EXAMPLE = [
  '{"personId":"P-000123","year":2025,"deductibleUsed":"0.00","admissions":1,"fundPaid":"8420.50","criticalIllnessBase":"1260.00","criticalIllnessPaid":"0.00","assistancePaid":"0.00","commercialDeductibleUsed":"0.00","commercialPaid":"0.00"}',
  '{"personId":"P-000456","year":2025,"deductibleUsed":"300.00","admissions":0,"fundPaid":"412.80","criticalIllnessBase":"0.00","criticalIllnessPaid":"0.00","assistancePaid":"0.00","commercialDeductibleUsed":"0.00","commercialPaid":"0.00"}',
]
  .map((line) => `  ${line}`)
  .join('\n');

export const SETTLE_HELP = `Usage: openpayer settle CLAIMS --policy FILE --catalog FILE [options]

Batch settlement: every claim of CLAIMS through one-stop layered settlement (basic insurance,
critical illness, medical assistance, …) against a policy and a catalog release, carrying each
person's year-to-date accumulators from one claim to the next in file order. Streams (memory stays
flat whatever the input size) and uses every core (worker threads). The output is the same, byte
for byte, whatever the number of workers.

CLAIMS is an NDJSON file (one claim per line, as POST /v1/claims/settle takes it), a CSV file
(one row per claim line, the claim's columns repeated; a claim's rows consecutive — columns:
claim_id, claim_type, person_id, birth_date, sex, insurance_type, insured_region,
person_categories, institution_code, institution_name, institution_tier, institution_region,
admission_date, discharge_date, diagnoses ("C34.900;I10.x00", principal first), procedures
("60.5x02@2025-03-05;…"), total_amount, line_id, item_kind, item_code, item_name, quantity,
unit_price, amount, service_date, approval_ref, emergency (true/false), tcm_syndromes
("气虚血瘀证;…")) or - for stdin. A claim that is not valid, or whose person is insured in
another region than the policy's (settlement.policy_region_mismatch at person.insuredRegion),
gets a result with ok: false and its issues (with its line number); the batch goes on.

Options:
  --policy FILE          the policy document (YAML or JSON), e.g.
                         packages/pricing/data/policies/demo-230100-2025.yaml
  --catalog FILE         a catalog release (JSON, from openpayer catalog import) or an NRDL CSV,
                         e.g. packages/catalog/data/nrdl-2024/nrdl_2024.csv
  --out FILE             write the results to FILE (default: standard output)
  --resume               FILE from --out is an interrupted run's output: keep its complete
                         results, settle the rest (each claim exactly once). Refused when the
                         kept results were made from other claims (the first one that differs
                         is named, with its input line), another policy or catalog, or without
                         the same --explain (exit 2), or when a kept line was edited (exit 3)
  --accumulators FILE    start from these year-to-date accumulators (NDJSON, one per person-year;
                         format below)
  --accumulators-out FILE  write everyone's accumulators after the batch (same format, sorted by
                         person and year): the --accumulators of the next batch
  --explain              add each layer's amounts, the accumulators before, and the explanation
                         (policy parameter and value) behind every number
  --format auto|ndjson|csv  how to read CLAIMS (default: auto — .csv is CSV, else NDJSON)
  --workers N            worker threads (default: the number of cores, ${availableParallelism()} here)
  --shard I/N            settle only the persons of shard I of N (1 ≤ I ≤ N; a stable hash of the
                         person id, as the workers are chosen): N machines each settle one shard
                         of the same CLAIMS without talking to each other, and openpayer merge
                         puts their outputs together into exactly this command's output without
                         --shard (each result keeps its record and line number in CLAIMS; a
                         person's claims are all in one shard, so their accumulators carry)
  --quiet                no progress and no summary on stderr
  -h, --help             this help

Output (one line per claim, in input order):
  {"record":1,"line":1,"ok":true,"claimId":"C-1","personId":"P-1","versions":{…},"total":"675.00",
   "eligible":"…","selfPay":"…","payers":{"basic_fund":"…","patient":"…"},"lines":[…],
   "accumulators":{…after this claim…},"issues":[],"input":"9f2c…","check":"41d0…"}
  {"record":2,"line":2,"ok":false,"versions":{"policy":"…","catalog":"…"},
   "issues":[{"code":"schema.invalid_type","path":["totalAmount"],…}],"input":"…","check":"…"}
Each of "lines" is {"lineId","outcome","coverageReasons":["coverage.…",…],"eligible","payers",
"selfPay"?}: the coverage outcome and the engine's reason codes behind it, as the API's settlement
gives them (e.g. "coverage.outside_agreement_window" for a negotiated drug past its agreement).
Every line ends with two digests (16 hex digits of SHA-256), which --resume checks: "input" of
the claim it was made from (the input line's bytes without the line end; for CSV, the claim as
JSON), "check" of the line itself without its "check" member (the bytes before it, then "}").

Accumulators (--accumulators, --accumulators-out): one JSON object a line per person and year,
the year-to-date figures (年度累计) before the batch's first claim of that person and year:
  personId, year            the person (as in the claims' person.id) and the calendar year
  admissions                inpatient admissions settled this year (a whole number)
  deductibleUsed            per-year deductible already used (outpatient)
  fundPaid                  basic fund paid this year, against its annual cap
  criticalIllnessBase       eligible out-of-pocket after basic insurance: the critical-illness base
  criticalIllnessPaid, assistancePaid, commercialDeductibleUsed, commercialPaid
                            what each later layer has paid or used this year
Amounts are strings in yuan with two decimals. Example (two people, 2025):
${ACCUMULATORS_EXAMPLE}
A person-year absent from the file starts at zero; a malformed line is refused (exit 3).

Summary (stderr): claims, settled, with errors, lines, totals per payer, issues by code,
elapsed and claims/s.

Exit codes: 0 all settled · 1 some claims have errors · 2 usage error (also: --resume with an
output made from other claims, policy, catalog or --explain) · 3 input unreadable (claims,
policy, catalog or accumulators missing, a directory or malformed; an output to resume that was
edited or damaged) · 70 internal error

Examples:
  openpayer demo generate --claims 100000 --seed 7 --out claims.ndjson
  openpayer settle claims.ndjson --policy policy.yaml --catalog nrdl_2024.csv --out results.ndjson
  openpayer settle claims.ndjson --policy policy.yaml --catalog release.json --out results.ndjson --resume
  openpayer settle claims.ndjson --policy policy.yaml --catalog release.json --shard 2/3 --out part-2.ndjson
  openpayer merge part-1.ndjson part-2.ndjson part-3.ndjson --out results.ndjson`;

export async function settleCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      policy: { type: 'string' },
      catalog: { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'boolean', default: false },
      accumulators: { type: 'string' },
      'accumulators-out': { type: 'string' },
      explain: { type: 'boolean', default: false },
      workers: { type: 'string' },
      shard: { type: 'string' },
      format: { type: 'string', default: 'auto' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${SETTLE_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new CliError(
      'usage',
      `settle takes exactly one CLAIMS file (or - for stdin), got ${positionals.length}`,
    );
  }
  if (values.policy === undefined) throw new CliError('usage', 'settle needs --policy FILE');
  if (values.catalog === undefined) throw new CliError('usage', 'settle needs --catalog FILE');
  if (values.resume && values.out === undefined) {
    throw new CliError('usage', '--resume needs --out FILE (the output to resume)');
  }
  const workers = wholeNumberOption('--workers', values.workers, availableParallelism(), 1, 999);
  const shard = values.shard === undefined ? undefined : shardOption(values.shard);
  const resolve = (file: string | undefined) =>
    file === undefined ? undefined : path.resolve(io.cwd, file);
  const input = positionals[0] === '-' ? '-' : (resolve(positionals[0]) ?? '-');
  const format = claimsFormatOption(values.format, input);
  const tty = !values.quiet && isTty(io.stderr);

  const summary = await runBatch({
    input,
    format,
    out: resolve(values.out),
    policy: resolve(values.policy) ?? '',
    catalog: resolve(values.catalog) ?? '',
    explain: values.explain,
    workers,
    resume: values.resume,
    accumulators: resolve(values.accumulators),
    accumulatorsOut: resolve(values['accumulators-out']),
    shard,
    stdin: io.stdin,
    stdout: io.stdout,
    ...(tty ? { onProgress: (p: Progress) => io.stderr.write(progressLine(p)) } : {}),
  });
  if (tty) io.stderr.write('\r\x1b[K');
  if (!values.quiet) io.stderr.write(summaryText(summary, values.shard));
  return summary.failed > 0 ? EXIT.recordsWithErrors : EXIT.ok;
}

const SHARDS_MAX = 9999;

/** `--shard I/N`: shard I (1-based, as written) of N, as the batch's 0-based index. */
function shardOption(text: string): Shard {
  const match = /^(\d{1,4})\/(\d{1,4})$/u.exec(text);
  const index = Number(match?.[1]);
  const of = Number(match?.[2]);
  if (match === null || of < 1 || of > SHARDS_MAX || index < 1 || index > of) {
    throw new CliError(
      'usage',
      `--shard must be I/N with 1 ≤ I ≤ N ≤ ${String(SHARDS_MAX)} (e.g. 2/3), got "${text}"`,
    );
  }
  return { index: index - 1, of };
}

const int = (n: number) => n.toLocaleString('en');

function summaryText(s: BatchSummary, shard: string | undefined): string {
  const rows = [
    `settled ${int(s.settled)} of ${int(s.claims)} claims${shard === undefined ? '' : ` of shard ${shard}`} (${int(s.failed)} with errors), ${int(s.lines)} lines` +
      (s.resumedAfter > 0 ? `; resumed after ${int(s.resumedAfter)}` : ''),
    rateRow(s),
    'totals per payer:',
    ...Object.entries(s.payers).map(
      ([party, amount]) => `  ${party.padEnd(20)} ${amount.padStart(18)}`,
    ),
  ];
  rows.push(...issueRows('issues by code:', s.issues));
  return `${rows.join('\n')}\n`;
}
