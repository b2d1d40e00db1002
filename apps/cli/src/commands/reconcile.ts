import { parseArgs } from 'node:util';
import { openServices } from '@openpayer/api/bootstrap';
import { reconcileStoredPeriod } from '@openpayer/api/reconcile';
import { shippedDrgServices } from '@openpayer/api/server';
import { accountingPeriodOf } from '@openpayer/domain';
import { type DipBudget, dipBudgetSchema, reconciliationSchema } from '@openpayer/pricing';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { DATABASE_OPTIONS_HELP, databaseOption } from './database.ts';

export const RECONCILE_HELP = `Usage: openpayer reconcile --institution CODE --period PERIOD [--method drg|dip] [--budget FUND=AMOUNT …] [--json] [--db DIR | --database-url URL]

Reconciles a hospital's period (结算清算) over the stored ledger, as POST /v1/reconciliations does.
By DRG (the default): each live inpatient settlement of the institution discharged in the period
is grouped by the region's grouper version of its discharge date and paid its DRG standard by
that day's policy, against its cost. By DIP (--method dip, a --budget for each fund): every live
inpatient settlement of the institution's region discharged in the period is grouped by the demo
DIP catalog; each fund's point value = its budget ÷ the points of all those cases (score × the
high / low multiplier adjustment × the hospital coefficient); the hospital's cases are paid points
× point value, against their cost. Either way the net is shared by the policy's
caseReconciliation (surplus retained, care team, overrun borne). The reconciliation is recorded
once per method: asked again, the recorded one is shown.

Options:
  --institution CODE     the hospital (its institution code), required
  --period PERIOD        a year (2025), a quarter (2025-Q2) or a month (2025-03), required
  --method drg|dip       how the cases are paid (default drg)
  --budget FUND=AMOUNT   DIP only, once per fund: the region's period budget of an insurance type
                         (employee or resident), in yuan with 2 decimals, e.g. employee=60000.00
  --json                 print the recorded reconciliation as JSON (the API's shape)
${DATABASE_OPTIONS_HELP}
  -h, --help             this help

Prints the figures per fund (and, by DIP, each fund's point value) and each case; a period that
cannot be reconciled (a claim held for review, a case that does not group, no weight, a fund
without a budget …) prints every such case and records nothing.
Exit codes: 0 recorded (or recorded before) · 1 the period cannot be reconciled (cases listed) ·
2 usage error · 3 the database cannot be opened

Examples:
  openpayer reconcile --institution H23010300012 --period 2025-Q2
  openpayer reconcile --institution H23010300012 --period 2025 --json > reconciliation.json
  openpayer reconcile --institution H23010300012 --period 2025-Q2 --method dip \\
    --budget employee=60000.00 --budget resident=20000.00`;

/** `--budget employee=60000.00` … as DIP budgets (the API's wire schema), each error named. */
function budgetsOf(texts: readonly string[]): DipBudget[] {
  const seen = new Set<string>();
  return texts.map((text, i) => {
    const eq = text.indexOf('=');
    const parsed = dipBudgetSchema.safeParse({
      insuranceType: eq < 0 ? text : text.slice(0, eq).trim(),
      amount: eq < 0 ? '' : text.slice(eq + 1).trim(),
    });
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new CliError(
        'usage',
        `--budget ${String(i + 1)} "${text}": ${first?.path.join('.') ?? ''} ${first?.message ?? 'is wrong'} (FUND=AMOUNT, e.g. employee=60000.00)`,
      );
    }
    if (seen.has(parsed.data.insuranceType)) {
      throw new CliError('usage', `--budget: a second budget for ${parsed.data.insuranceType}`);
    }
    seen.add(parsed.data.insuranceType);
    return parsed.data;
  });
}

export async function reconcileCommand(args: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        institution: { type: 'string' },
        period: { type: 'string' },
        method: { type: 'string', default: 'drg' },
        budget: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        db: { type: 'string' },
        'database-url': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new CliError('usage', error instanceof Error ? error.message : String(error));
  }
  const institution = values.institution?.trim();
  if (institution === undefined || !/^[A-Za-z0-9-]{1,40}$/u.test(institution)) {
    throw new CliError('usage', '--institution must be an institution code (letters and digits)');
  }
  const period = accountingPeriodOf(values.period ?? '');
  if (period === undefined) {
    throw new CliError(
      'usage',
      `--period must be a year (2025), a quarter (2025-Q1) or a month (2025-03), got "${values.period ?? ''}"`,
    );
  }
  const method = values.method;
  if (method !== 'drg' && method !== 'dip') {
    throw new CliError('usage', `--method must be drg or dip, got "${method}"`);
  }
  const budgetTexts = values.budget ?? [];
  if (method === 'drg' && budgetTexts.length > 0) {
    throw new CliError('usage', '--budget is for --method dip (DRG pays each case its standard)');
  }
  if (method === 'dip' && budgetTexts.length === 0) {
    throw new CliError(
      'usage',
      "--method dip needs a --budget FUND=AMOUNT for each fund (the region's period budget)",
    );
  }
  const budgets = budgetsOf(budgetTexts);
  const { url, dataDir } = databaseOption(values, io);
  const opened = await openServices({ databaseUrl: url, dataDir, seed: false }).catch(
    (error: unknown) => {
      throw new CliError(
        'file_unreadable',
        `cannot open the database: ${error instanceof Error ? error.message : String(error)}`,
      );
    },
  );
  try {
    const common = { institution, period, by: 'cli' };
    const result = await reconcileStoredPeriod(
      opened.services,
      shippedDrgServices(),
      method === 'dip' ? { ...common, method: 'dip', budgets } : common,
    );
    if (!result.ok) {
      io.stderr.write(
        `${institution} ${period.label} cannot be reconciled; nothing was recorded:\n${result.issues
          .map((i) => `  ${i.code}: ${i.message}\n`)
          .join('')}`,
      );
      return EXIT.recordsWithErrors;
    }
    const { created, stored } = result.value;
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ ...stored, reconciliation: reconciliationSchema.encode(stored.reconciliation) }, null, 2)}\n`,
      );
    } else {
      const r = stored.reconciliation;
      const lines = [
        `${created ? 'recorded' : 'recorded before'} ${stored.id}: ${institution} ${period.label} (${period.start} to ${period.end}, exclusive), ${r.method.toUpperCase()}, policy ${r.policy}`,
        ...(r.pointValues ?? []).map(
          (v) =>
            `  ${v.insuranceType} point value ${v.pointValue.toSignificantDigits(10).toFixed()} = budget ${v.budget.toFixedString()} ÷ ${v.totalPoints.toFixed()} points (${v.cases} cases of the region)`,
        ),
        `  cases ${r.totals.cases} · case payments ${r.totals.payment.toFixedString()} · actual cost ${r.totals.cost.toFixedString()} · net ${r.totals.net.toFixedString()}`,
        ...r.pools.map(
          (p) =>
            `  ${p.insuranceType}: shared net ${p.sharedNet.toFixedString()} (retained ${p.hospitalRetains.toFixedString()}, care team ${p.careTeam.toFixedString()}, to the fund ${p.returnedToFund.toFixedString()}; borne ${p.hospitalBears.toFixedString()}, fund bears ${p.fundBears.toFixedString()}); outliers ${p.outlierCases} net ${p.outlierNet.toFixedString()} — ${p.shares.source}`,
        ),
        `  fund adjustment to the hospital: ${r.totals.adjustment.toFixedString()}`,
        ...r.cases.map(
          (c) =>
            `  ${c.claimId}\t${c.group}\t${c.outlier}\tpayment ${c.payment.toFixedString()}\tcost ${c.cost.toFixedString()}\t${c.difference.toFixedString()}`,
        ),
      ];
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    return EXIT.ok;
  } finally {
    await opened.store.close();
  }
}
