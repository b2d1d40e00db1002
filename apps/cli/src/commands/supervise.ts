import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, EXIT } from '../exit-codes.ts';
import { type Io, isTty } from '../io.ts';
import { type Progress, issueRows, peakRssMB, progressLine, rateRow } from '../batch/progress.ts';
import { type SuperviseSummary, runSupervise } from '../supervise/batch.ts';
import { HISTORY_MAX_DEFAULT } from '../supervise/engine.ts';
import { wholeNumberOption } from './options.ts';

export const SUPERVISE_HELP = `Usage: openpayer supervise CLAIMS --rules FILE [--rules FILE …] [options]

Post-payment review (事后审核): every claim of CLAIMS is decided with the catalog and reviewed by
the rule sets at the post_payment stage — each rule set's rules apply only to the claims their
region, dates, insurance types and scenarios cover — against the same person's earlier claims in
the input (their history, within the rule sets' lookback: repeated items within a window,
duplicate charges, biomarker results, exit rules). One line per finding, in input order. Streams
and uses every core (worker threads, each holding the history of its people); the output is the
same, byte for byte, whatever the number of workers.

CLAIMS is an NDJSON file (one claim per line, as POST /v1/claims/settle takes it and openpayer
demo generate writes it) or - for stdin. A line that is not a valid claim gets an error line
with its line number and issues; the batch goes on.

Options:
  --rules FILE           a rule set (JSON, the rule-set document as the API uploads it), e.g.
                         packages/supervision/data/demo-rules-230100.json; repeat for several
  --catalog FILE         a catalog release (JSON, from openpayer catalog import) or an NRDL CSV
                         (default: the shipped demo catalog — the 2024 national drug list with
                         the rule base, the national service items and consumables)
  -o, --out FILE         write the findings to FILE (default: standard output) and keep a
                         checkpoint beside it (FILE.checkpoint)
  --resume               FILE from --out is an interrupted run's output: cut it back to its
                         checkpoint and review the rest (each finding written exactly once; the
                         claims done are read again as history). Refused when the checkpoint was
                         made with other rule sets or catalog, or from other claims (exit 2), or
                         when the output was edited or damaged (exit 3)
  --workers N            worker threads (default: the number of cores, ${availableParallelism()} here)
  --history-max N        keep at most N earlier claims per person (default ${HISTORY_MAX_DEFAULT}; the oldest in
                         input order go first)
  --summary FILE         also write the summary as JSON to FILE
  --quiet                no progress and no summary on stderr
  -h, --help             this help

History: a claim's history is the same person's earlier claims in the input (input order),
within the rule sets' lookback (their longest window). Memory stays bounded: a worker keeps of
each claim only what the rules read (the lines their items match, the evidence), drops claims that
end more than the lookback before the claims it sees next, and keeps at most --history-max per
person. This is exact when CLAIMS is in date order or roughly so (a claim dated more than the
lookback before claims earlier in the file may not see all of its history).

Output (one line per finding, in input order; see src/supervise/output.ts):
  {"claimId":"C-1","institution":"H23010300345","personId":"P-1","lineIds":["L1"],
   "finding":{"rule":{"ruleSet":"demo-rules-230100-2025","code":"DEMO-BIO-001","version":1,…},
   "category":"medical","stage":"post_payment","severity":"high","resultType":"suspicious",
   "action":"hold","lineIds":["L1"],"evidence":{…},"explanation":{"zh":"…","en":"…"}}}
  {"line":7,"ok":false,"issues":[{"code":"schema.invalid_type","path":["totalAmount"],…}]}

Summary (stderr; --summary FILE as JSON): claims read, reviewed, with errors, findings by rule
code and action, elapsed and claims/s.

Exit codes: 0 all claims reviewed · 1 some input lines are not valid claims · 2 usage error
(also: --resume with an output made from other claims, rule sets or catalog) · 3 input
unreadable (claims, rules or catalog missing or malformed — a rule set that is not valid is
named with the path of its first bad fields; an output to resume that was edited or damaged)
· 70 internal error

Examples:
  openpayer demo generate --claims 100000 --seed 7 --out claims.ndjson
  openpayer supervise claims.ndjson --rules demo-rules-230100.json -o findings.ndjson
  openpayer supervise claims.ndjson --rules demo-rules-230100.json -o findings.ndjson --resume`;

export async function superviseCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      rules: { type: 'string', multiple: true },
      catalog: { type: 'string' },
      out: { type: 'string', short: 'o' },
      resume: { type: 'boolean', default: false },
      workers: { type: 'string' },
      'history-max': { type: 'string' },
      summary: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${SUPERVISE_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new CliError(
      'usage',
      `supervise takes exactly one CLAIMS file (or - for stdin), got ${positionals.length}`,
    );
  }
  const rules = values.rules ?? [];
  if (rules.length === 0) throw new CliError('usage', 'supervise needs --rules FILE');
  if (values.resume && values.out === undefined) {
    throw new CliError('usage', '--resume needs --out FILE (the output to resume)');
  }
  const workers = wholeNumberOption('--workers', values.workers, availableParallelism(), 1, 999);
  const historyMax = wholeNumberOption(
    '--history-max',
    values['history-max'],
    HISTORY_MAX_DEFAULT,
    1,
    1_000_000,
  );
  const resolve = (file: string) => path.resolve(io.cwd, file);
  const input =
    positionals[0] === '-' || positionals[0] === undefined ? '-' : resolve(positionals[0]);
  const tty = !values.quiet && isTty(io.stderr);

  const summary = await runSupervise({
    input,
    out: values.out === undefined ? undefined : resolve(values.out),
    rules: rules.map(resolve),
    catalog: values.catalog === undefined ? undefined : resolve(values.catalog),
    historyMax,
    workers,
    resume: values.resume,
    stdin: io.stdin,
    stdout: io.stdout,
    ...(tty ? { onProgress: (p: Progress) => io.stderr.write(progressLine(p)) } : {}),
  });
  if (tty) io.stderr.write('\r\x1b[K');
  if (!values.quiet) io.stderr.write(superviseSummaryText(summary));
  if (values.summary !== undefined) {
    const file = resolve(values.summary);
    try {
      writeFileSync(file, `${JSON.stringify(summaryJson(summary), null, 2)}\n`);
    } catch (error) {
      throw new CliError(
        'file_unreadable',
        `cannot write the summary ${file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return summary.failed > 0 ? EXIT.recordsWithErrors : EXIT.ok;
}

/** Findings by rule code and action, most first (ties by code, then action). */
function byRule(s: SuperviseSummary): { code: string; action: string; findings: number }[] {
  return Object.entries(s.byRule)
    .map(([key, findings]) => {
      const [code = '', action = ''] = key.split('\t');
      return { code, action, findings };
    })
    .sort(
      (a, b) =>
        b.findings - a.findings ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : a.action < b.action ? -1 : 1),
    );
}

function summaryJson(s: SuperviseSummary) {
  return {
    claims: s.claims,
    reviewed: s.reviewed,
    failed: s.failed,
    findings: s.findings,
    byRule: byRule(s),
    issues: s.issues,
    resumedAfter: s.resumedAfter,
    workers: s.workers,
    elapsedMs: Math.round(s.elapsedMs),
    versions: s.versions,
    processed: s.processed,
    historyHeld: s.historyHeld,
    peakRssMB: peakRssMB(),
  };
}

const int = (n: number) => n.toLocaleString('en');
/** Rule and action pairs the text summary lists (the JSON summary lists all). */
const SUMMARY_RULES = 30;

function superviseSummaryText(s: SuperviseSummary): string {
  const rows = [
    `reviewed ${int(s.reviewed)} of ${int(s.claims)} claims (${int(s.failed)} with errors), ${int(s.findings)} findings` +
      (s.resumedAfter > 0 ? `; resumed after ${int(s.resumedAfter)}` : ''),
    `${rateRow(s)}, history held ${int(s.historyHeld)} claims`,
  ];
  const rules = byRule(s);
  if (rules.length > 0) {
    const shown = rules.slice(0, SUMMARY_RULES);
    rows.push(
      'findings by rule and action:',
      ...shown.map(
        (r) => `  ${r.code.padEnd(32)} ${r.action.padEnd(9)} ${int(r.findings).padStart(10)}`,
      ),
    );
    if (rules.length > shown.length) {
      const rest = rules.slice(shown.length);
      rows.push(
        `  … ${int(rest.length)} more rule and action pairs with ${int(rest.reduce((n, r) => n + r.findings, 0))} findings (all in --summary FILE)`,
      );
    }
  }
  rows.push(...issueRows('input errors by code:', s.issues));
  return `${rows.join('\n')}\n`;
}
