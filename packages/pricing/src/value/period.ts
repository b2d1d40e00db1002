import { Money, calendarDateSchema, moneyCodec } from '@openpayer/domain';
import { z } from 'zod';

/**
 * A value-based payment period run (按价值付费 期末结算) as the ledger records it: for one scope — an
 * institution (capitation, stepped P4P, value score) or a risk-sharing contract (the manufacturer's
 * rebate) — and one accounting period, the entries the fund books, each with its parts and the
 * explanation an administrator reads. A positive amount is paid by the fund to the counterparty; a
 * negative one is owed to the fund (a withhold, a rebate). The parts of an entry sum exactly to it,
 * and the entries to the total.
 */

export const VALUE_MODELS = ['capitation', 'stepped_p4p', 'value_score', 'risk_sharing'] as const;
export type ValueModel = (typeof VALUE_MODELS)[number];

export const VALUE_SCOPES = ['institution', 'contract'] as const;
export type ValueScope = (typeof VALUE_SCOPES)[number];

const part = z.strictObject({ what: z.string().max(300), amount: moneyCodec });

export const valueEntrySchema = z
  .strictObject({
    model: z.enum(VALUE_MODELS),
    rule: z.string().max(100).meta({ description: 'The policy rule (its id) that decided it.' }),
    counterparty: z
      .string()
      .max(200)
      .meta({ description: 'Who is paid or owes: an institution code or a manufacturer.' }),
    amount: moneyCodec.meta({
      description: 'Positive: the fund pays the counterparty; negative: owed to the fund.',
    }),
    parts: z.array(part),
    explanations: z.array(z.string().max(2000)),
  })
  .meta({ id: 'ValueEntry' });

export const valuePeriodRunSchema = z
  .strictObject({
    scope: z.enum(VALUE_SCOPES),
    subject: z.string().max(100).meta({ description: 'The institution code or the contract id.' }),
    period: z.string().meta({ description: 'The accounting period, e.g. 2025-Q1.' }),
    asOf: calendarDateSchema.meta({ description: 'The last day of the period.' }),
    policy: z.string().meta({ description: 'The policy version the run used.' }),
    entries: z.array(valueEntrySchema),
    total: moneyCodec,
    due: z
      .array(z.strictObject({ personId: z.string(), due: calendarDateSchema }))
      .default([])
      .meta({ description: 'Evaluations not yet due at the end of the period (a contract).' }),
  })
  .meta({ id: 'ValuePeriodRun' });
export type ValueEntry = z.output<typeof valueEntrySchema>;
export type ValuePeriodRun = z.output<typeof valuePeriodRunSchema>;
export type ValuePeriodRunWire = z.input<typeof valuePeriodRunSchema>;

/**
 * The fund's value-based accounts of a period (按价值付费 账目): what the recorded runs book, by
 * model and by counterparty — payable (the fund pays: capitation, top-ups, bonuses) and receivable
 * (owed to the fund: withholds, a manufacturer's rebate). Sums exact; the net is payable less
 * receivable.
 */
export const valueAccountsSchema = z
  .strictObject({
    period: z.string(),
    runs: z.int(),
    payable: moneyCodec,
    receivable: moneyCodec,
    net: moneyCodec,
    byModel: z
      .array(
        z.strictObject({
          model: z.enum(VALUE_MODELS),
          payable: moneyCodec,
          receivable: moneyCodec,
        }),
      )
      .readonly(),
    byCounterparty: z
      .array(
        z.strictObject({ counterparty: z.string(), payable: moneyCodec, receivable: moneyCodec }),
      )
      .readonly(),
  })
  .meta({ id: 'ValueAccounts' });
export type ValueAccounts = z.output<typeof valueAccountsSchema>;

export function valueAccounts(period: string, runs: readonly ValuePeriodRun[]): ValueAccounts {
  const zero = Money.zero();
  const byModel = new Map<ValueModel, { payable: Money; receivable: Money }>();
  const byParty = new Map<string, { payable: Money; receivable: Money }>();
  let payable = zero;
  let receivable = zero;
  const add = <K>(map: Map<K, { payable: Money; receivable: Money }>, key: K, amount: Money) => {
    const row = map.get(key) ?? { payable: zero, receivable: zero };
    map.set(
      key,
      amount.isNegative()
        ? { ...row, receivable: row.receivable.add(amount.negate()) }
        : { ...row, payable: row.payable.add(amount) },
    );
  };
  for (const run of runs) {
    for (const e of run.entries) {
      if (e.amount.isNegative()) receivable = receivable.add(e.amount.negate());
      else payable = payable.add(e.amount);
      add(byModel, e.model, e.amount);
      add(byParty, e.counterparty, e.amount);
    }
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    period,
    runs: runs.length,
    payable,
    receivable,
    net: payable.subtract(receivable),
    byModel: VALUE_MODELS.flatMap((model) => {
      const row = byModel.get(model);
      return row === undefined ? [] : [{ model, ...row }];
    }),
    byCounterparty: [...byParty.entries()]
      .sort(([a], [b]) => cmp(a, b))
      .map(([counterparty, row]) => ({ counterparty, ...row })),
  };
}
