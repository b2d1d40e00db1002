import path from 'node:path';
import { parseArgs } from 'node:util';
import { anomaliesOver } from '@openpayer/persistence';
import { anomalySchema, demoAnomalyRules, loadAnomalyRules } from '@openpayer/supervision';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { definitionsFrom, loadBatchFacts, readJson } from '../oversight/facts.ts';
import { BATCH_OPTIONS, rangeFrom } from '../oversight/options.ts';

export const ANOMALIES_HELP = `Usage: openpayer anomalies --claims CLAIMS --results RESULTS [options]

Anomalies (异常监测) of a batch: the anomaly rules (data) over the KPIs' monthly sums by
institution and the fund's — thresholds over the period or for n consecutive months, gaps to the
peers' average, growth within a window while another KPI rose — as GET /v1/anomalies finds them
over the ledger. Each anomaly explains itself with its figures.

Options:
  --claims FILE          the claims (NDJSON) the results were settled from, required
  --results FILE         openpayer settle's output (NDJSON), required
  --period PERIOD        a year (2025), a quarter (2025-Q2) or a month (2025-03)
  --from DATE --to DATE  a period by dates, --to the day after the last
                         (default: the span of the results' service dates)
  --rules FILE           anomaly rules (JSON, openpayer.anomaly-rules/1; default: the demo
                         region's, packages/supervision/data/kpis/demo-anomaly-rules-230100.json)
  --definitions FILE     the KPI definitions the rules read (default: the demo region's)
  -h, --help             this help

Output (one line per anomaly, most severe first):
  {"rule":"ANM-TERTIARY-OOC","title":"…","severity":"warning","action":"review",
   "kpi":"out_of_catalog_share","institution":"H23010300012","from":"2025-06","to":"2025-06",
   "value":"0.078125","reference":"0.05","explanation":"…"}

Exit codes: 0 no anomaly · 1 anomalies found · 2 usage error · 3 input unreadable (a file
missing, results that do not match the claims, rules or definitions that are not valid)

Examples:
  openpayer anomalies --claims claims.ndjson --results results.ndjson --period 2025`;

export async function anomaliesCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      ...BATCH_OPTIONS,
      rules: { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout.write(`${ANOMALIES_HELP}\n`);
    return EXIT.ok;
  }
  if (values.claims === undefined || values.results === undefined) {
    throw new CliError('usage', 'anomalies needs --claims FILE and --results FILE');
  }
  const set = definitionsFrom(values.definitions, io.cwd);
  const rules =
    values.rules === undefined
      ? demoAnomalyRules(set)
      : loadAnomalyRules(readJson('the anomaly rules', path.resolve(io.cwd, values.rules)), set);
  if (!rules.ok) {
    const first = rules.issues[0];
    throw new CliError(
      'malformed_input',
      `the anomaly rules are not valid: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`,
    );
  }
  rangeFrom(values, { from: null, to: null });
  const batch = await loadBatchFacts(set, { claims: values.claims, results: values.results }, io);
  let found = 0;
  try {
    const range = rangeFrom(values, batch);
    if (range !== null) {
      for (const a of await anomaliesOver(batch.store, set, rules.value, range)) {
        io.stdout.write(`${JSON.stringify(anomalySchema.parse(a))}\n`);
        found += 1;
      }
    }
    io.stderr.write(
      `${String(found)} anomalies in ${String(batch.settled)} settled claims${range === null ? '' : ` (${range.from}…${range.to}, to exclusive)`}, rules ${rules.value.id}\n`,
    );
  } finally {
    await batch.store.close();
  }
  return found === 0 ? EXIT.ok : EXIT.recordsWithErrors;
}
