import { parseArgs } from 'node:util';
import { KPI_DIMENSIONS, type KpiDimension, kpiSums } from '@openpayer/persistence';
import { kpiValueSchema, kpiValues } from '@openpayer/supervision';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { definitionsFrom, loadBatchFacts } from '../oversight/facts.ts';
import { BATCH_OPTIONS, rangeFrom } from '../oversight/options.ts';

export const KPI_HELP = `Usage: openpayer kpi --claims CLAIMS --results RESULTS [options]

KPIs (监管指标) of a batch: each claim settled in RESULTS (as openpayer settle writes them) with
the claim it was made from in CLAIMS, summed by institution, department, doctor and month — the
same definitions (data) and the same SQL as GET /v1/kpis, on an embedded in-memory database.
Ratios are exact sums divided once and rounded at the KPI's unit (ratio 6 places, money 2).

Options:
  --claims FILE          the claims (NDJSON) the results were settled from, required
  --results FILE         openpayer settle's output (NDJSON), required
  --period PERIOD        a year (2025), a quarter (2025-Q2) or a month (2025-03)
  --from DATE --to DATE  a period by dates, --to the day after the last
                         (default: the span of the results' service dates)
  --by DIMS              comma-separated: institution, department, doctor, month
                         (default institution)
  --kpi IDS              comma-separated KPI ids (default: all of the definitions)
  --definitions FILE     KPI definitions (JSON, openpayer.kpi-definitions/1; default: the demo
                         region's, packages/supervision/data/kpis/demo-kpi-definitions.json)
  -h, --help             this help

Output (one line per group and KPI; the definitions' order):
  {"kpi":"cost_per_case","group":{"institution":"H23010300012","tier":"tertiary","month":"2025-06"},
   "numerator":"6400.00","denominator":"2","value":"3200.00"}
The case-mix index reads stored DRG reconciliations: over a results file it has none (null).

Exit codes: 0 done · 2 usage error (an unknown KPI or dimension, a bad period) · 3 input
unreadable (a file missing, not NDJSON, results that do not match the claims, definitions that
are not valid — named with the path of the first bad field)

Examples:
  openpayer demo generate --claims 10000 --seed 7 --out claims.ndjson
  openpayer settle claims.ndjson --policy demo-230100-2025.yaml --catalog nrdl_2024.csv \\
    --out results.ndjson
  openpayer kpi --claims claims.ndjson --results results.ndjson --by institution,month`;

export async function kpiCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      ...BATCH_OPTIONS,
      by: { type: 'string' },
      kpi: { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout.write(`${KPI_HELP}\n`);
    return EXIT.ok;
  }
  if (values.claims === undefined || values.results === undefined) {
    throw new CliError('usage', 'kpi needs --claims FILE and --results FILE');
  }
  const set = definitionsFrom(values.definitions, io.cwd);
  const split = (text: string) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const by = split(values.by ?? 'institution');
  const dims = new Set<string>(KPI_DIMENSIONS);
  const badDim = by.find((d) => !dims.has(d));
  if (badDim !== undefined || by.length === 0) {
    throw new CliError('usage', `--by "${values.by ?? ''}": ${KPI_DIMENSIONS.join(', ')}`);
  }
  const kpis = values.kpi === undefined ? undefined : split(values.kpi);
  const unknown = kpis?.find((k) => !set.kpis.some((d) => d.id === k));
  if (unknown !== undefined) {
    throw new CliError('usage', `--kpi: no KPI ${unknown} in ${set.id}`);
  }
  rangeFrom(values, { from: null, to: null });
  const batch = await loadBatchFacts(set, { claims: values.claims, results: values.results }, io);
  try {
    const range = rangeFrom(values, batch);
    if (range !== null) {
      const sums = await kpiSums(batch.store, set, {
        ...range,
        by: [...new Set(by)] as KpiDimension[],
        kpis,
      });
      for (const v of kpiValues(set, sums.rows, { kpis, fund: sums.fund })) {
        io.stdout.write(`${JSON.stringify(kpiValueSchema.parse(v))}\n`);
      }
    }
    io.stderr.write(
      `${String(batch.settled)} settled claims (${String(batch.failed)} results with errors skipped)${range === null ? '' : `, ${range.from}…${range.to} (to exclusive)`}, definitions ${set.id}\n`,
    );
  } finally {
    await batch.store.close();
  }
  return EXIT.ok;
}
