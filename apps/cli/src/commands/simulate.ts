import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  SIMULATION_LIMITS,
  type SimulationReport,
  simulationBudgetSchema,
  simulationReportJson,
} from '@openpayer/pricing';
import { CliError, EXIT } from '../exit-codes.ts';
import { type Io, isTty } from '../io.ts';
import { type Progress, progressLine, rateRow } from '../batch/progress.ts';
import { SIMULATION_PASS_BYTES, runSimulation } from '../simulate/batch.ts';
import { HISTORY_MAX_DEFAULT } from '../supervise/engine.ts';
import { simulationHtml } from '../simulate/html.ts';
import { claimsFormatOption, wholeNumberOption } from './options.ts';

export const SIMULATE_HELP = `Usage: openpayer simulate --claims FILE --baseline POLICY --candidate POLICY [options]

What-if simulation: every claim of a claim history settled under a baseline and a candidate (a
policy version, a catalog release, or both — a draft policy too) in one pass, each person's
year-to-date accumulators carried through the year separately under each, and the two compared:
totals per payer and their change; the same per institution, claim type, insurance type, person
category and catalog item; the distribution of each person's out-of-pocket change (percentiles,
how many pay more, less, the same, the largest changes with their claims); the claims whose
coverage outcome changed; the basic fund's change against the global budget. Every figure is
exact, and the report is the same, byte for byte, whatever the number of workers.

Each claim is read and validated once. A claim that is not valid, or that either version refuses
(e.g. a date outside the policy's, another region), is left out of every figure, counted and —
the first ${SIMULATION_LIMITS.refusals} — named; the report then says it is incomplete.

Options:
  --claims FILE          the claim history: NDJSON, one claim per line (as POST /v1/claims/settle
                         takes it), e.g. from openpayer demo generate; or CSV, one row per claim
                         line (the columns of openpayer settle --help)
  --format auto|ndjson|csv  how to read --claims (default: auto — .csv is CSV, else NDJSON)
  --baseline FILE        the baseline policy (YAML or JSON), e.g.
                         packages/pricing/data/policies/demo-230100-2025.yaml
  --candidate FILE       the candidate policy (e.g. the baseline with one ratio changed); the same
                         file as --baseline to compare catalog releases only
  --catalog FILE         the catalog release of both (JSON from openpayer catalog import, or an
                         NRDL CSV; default: the shipped 2024 list,
                         packages/catalog/data/nrdl-2024/nrdl_2024.csv)
  --candidate-catalog FILE  the candidate's catalog release (default: --catalog)
  --baseline-rules FILE  a smart-review rule set (JSON, as the API uploads it) the baseline settles
                         with, its findings' actions applied (deduct, self-pay); repeat for several
  --candidate-rules FILE the same for the candidate (e.g. a rule set being drafted)
  --history-max N        with rule sets: earlier claims kept per person as their history
                         (default ${HISTORY_MAX_DEFAULT})
  --budget AMOUNT        the fund's global budget (总额预算) in yuan, e.g. 1250000000.00: the
                         basic fund's spending under each version and the change as a share of it
  --out FILE             write the report as JSON (sorted keys)
  --html FILE            write the report as one self-contained HTML page (inline CSS and SVG
                         charts; opens without a network)
  --passes N             read the history N times, each pass over a share of the people (by
                         person): memory is that of one pass (default: one pass per
                         ${(SIMULATION_PASS_BYTES / 2 ** 30).toFixed(2)} GiB of claims); the report is the same
  --workers N            worker threads (default: the number of cores, ${availableParallelism()} here)
  --quiet                no progress and no summary on stderr
  -h, --help             this help

Summary (stderr): claims read, compared and refused; elapsed, claims/s and peak RSS; totals per
payer (baseline, candidate, change); out-of-pocket change per person; claims whose coverage
changed; budget impact; the first refused claims.

Exit codes: 0 every claim compared · 1 some claims refused (counted and named; the report says it
is incomplete) · 2 usage error, or a policy that does not load (its first problem is named) ·
3 input unreadable (claims, policy or catalog missing, a directory; a catalog that does not
import; an output that cannot be written) · 70 internal error

Examples:
  openpayer demo generate --claims 100000 --seed 7 --out claims.ndjson
  openpayer simulate --claims claims.ndjson --baseline policy-2025.yaml --candidate draft.yaml \\
    --budget 1250000000 --out report.json --html report.html`;

/** The shipped 2024 national drug list. */
function shippedCatalog(): string {
  return createRequire(import.meta.url).resolve('@openpayer/catalog/data/nrdl-2024/nrdl_2024.csv');
}

/** `--budget`: yuan with up to two decimals (`1250000000`, `1250000000.5`), positive. */
function budgetOption(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const [whole = '', fraction = ''] = given.split('.');
  const read = /^\d{1,15}(\.\d{1,2})?$/u.test(given)
    ? simulationBudgetSchema.safeParse(`${whole}.${fraction.padEnd(2, '0')}`)
    : undefined;
  if (read?.success !== true) {
    throw new CliError(
      'usage',
      `--budget ${read?.error.issues[0]?.message ?? 'must be an amount in yuan like 1250000000.00'}, got "${given}"`,
    );
  }
  return read.data;
}

export async function simulateCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      claims: { type: 'string' },
      format: { type: 'string', default: 'auto' },
      baseline: { type: 'string' },
      candidate: { type: 'string' },
      catalog: { type: 'string' },
      'candidate-catalog': { type: 'string' },
      'baseline-rules': { type: 'string', multiple: true },
      'candidate-rules': { type: 'string', multiple: true },
      'history-max': { type: 'string' },
      budget: { type: 'string' },
      out: { type: 'string' },
      html: { type: 'string' },
      workers: { type: 'string' },
      passes: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${SIMULATE_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw new CliError(
      'usage',
      `simulate takes no positional arguments, got "${positionals[0] ?? ''}"`,
    );
  }
  if (values.claims === undefined) throw new CliError('usage', 'simulate needs --claims FILE');
  if (values.baseline === undefined) throw new CliError('usage', 'simulate needs --baseline FILE');
  if (values.candidate === undefined)
    throw new CliError('usage', 'simulate needs --candidate FILE');
  const budget = budgetOption(values.budget);
  const workers = wholeNumberOption('--workers', values.workers, availableParallelism(), 1, 999);
  const resolve = (file: string) => path.resolve(io.cwd, file);
  const baseline = resolve(values.baseline);
  const candidate = resolve(values.candidate);
  const catalog = values.catalog === undefined ? shippedCatalog() : resolve(values.catalog);
  const candidateCatalog =
    values['candidate-catalog'] === undefined ? catalog : resolve(values['candidate-catalog']);
  const tty = !values.quiet && isTty(io.stderr);

  const input = resolve(values.claims);
  const run = await runSimulation({
    input,
    format: claimsFormatOption(values.format, input),
    passes:
      values.passes === undefined
        ? undefined
        : wholeNumberOption('--passes', values.passes, 1, 1, 1000),
    baseline: { policy: baseline, catalog, rules: (values['baseline-rules'] ?? []).map(resolve) },
    candidate: {
      policy: candidate,
      catalog: candidateCatalog,
      rules: (values['candidate-rules'] ?? []).map(resolve),
    },
    historyMax: wholeNumberOption(
      '--history-max',
      values['history-max'],
      HISTORY_MAX_DEFAULT,
      1,
      1_000_000,
    ),
    workers,
    budget,
    ...(tty ? { onProgress: (p: Progress) => io.stderr.write(progressLine(p)) } : {}),
  });
  if (tty) io.stderr.write('\r\x1b[K');
  const { report } = run;
  if (values.out !== undefined) await writeOut(resolve(values.out), simulationReportJson(report));
  if (values.html !== undefined) await writeOut(resolve(values.html), simulationHtml(report));
  if (!values.quiet) io.stderr.write(summaryText(report, run.workers, run.elapsedMs));
  return report.complete ? EXIT.ok : EXIT.recordsWithErrors;
}

async function writeOut(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new CliError(
      'file_unreadable',
      `cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

const int = (n: number) => n.toLocaleString('en');
const signed = (text: string) => (text.startsWith('-') || text === '0.00' ? text : `+${text}`);

function summaryText(r: SimulationReport, workers: number, elapsedMs: number): string {
  const rows = [
    `simulated ${int(r.claims.read)} claims: ${int(r.claims.compared)} compared, ${int(r.claims.refused)} refused; ${int(r.claims.lines)} lines`,
    rateRow({ elapsedMs, processed: r.claims.read, workers }),
  ];
  if (r.versions !== null) {
    rows.push(
      `baseline:  policy ${r.versions.baseline.policy}, catalog ${r.versions.baseline.catalog}`,
      `candidate: policy ${r.versions.candidate.policy}, catalog ${r.versions.candidate.catalog}`,
    );
  }
  rows.push(
    `totals per payer ${'baseline'.padStart(21)} ${'candidate'.padStart(18)} ${'change'.padStart(16)}`,
  );
  for (const [party, c] of Object.entries(r.payers)) {
    if (c.baseline === '0.00' && c.candidate === '0.00') continue;
    rows.push(
      `  ${party.padEnd(20)} ${c.baseline.padStart(18)} ${c.candidate.padStart(18)} ${signed(c.change).padStart(16)}`,
    );
  }
  rows.push(
    `  ${'total'.padEnd(20)} ${r.total.baseline.padStart(18)} ${r.total.candidate.padStart(18)} ${signed(r.total.change).padStart(16)}`,
  );
  const o = r.outOfPocket;
  rows.push(
    `out-of-pocket per person: ${int(o.people)} people, ${int(o.more)} pay more, ${int(o.less)} less, ${int(o.same)} the same`,
    `  change p0 ${o.percentiles.p0} · p10 ${o.percentiles.p10} · p50 ${o.percentiles.p50} · p90 ${o.percentiles.p90} · p100 ${o.percentiles.p100}`,
    `coverage outcome changed on ${int(r.coverageChanges.count)} claims`,
  );
  const b = r.budget;
  rows.push(
    b.amount === null
      ? `budget impact: ${b.fund} ${signed(b.change)} (no --budget given)`
      : `budget impact: ${b.fund} ${signed(b.change)} = ${b.changePercent ?? ''} % of the budget ${b.amount}; candidate at ${b.candidatePercent ?? ''} %${b.overBudget === true ? ' — over budget' : ''}`,
  );
  if (r.refusals.count > 0) {
    rows.push(
      `refused ${int(r.refusals.count)} claims (input ${int(r.refusals.bySide.input)}, baseline ${int(r.refusals.bySide.baseline)}, candidate ${int(r.refusals.bySide.candidate)}, both ${int(r.refusals.bySide.both)}) — the report is incomplete; the first:`,
      ...r.refusals.first
        .slice(0, 5)
        .map(
          (f) =>
            `  line ${f.line ?? '?'}${f.claimId === null ? '' : ` ${f.claimId}`} (${f.side}): ${f.code} ${f.message}`,
        ),
    );
  }
  return `${rows.join('\n')}\n`;
}
