import {
  type CalendarDate,
  type Decimal,
  type Issue,
  Money,
  type Ratio,
  type Result,
  type RoundingRule,
  TECHNIQUES,
  type Technique,
  fail,
  issue,
  moneyCodec,
  ok,
  parseProcedureCode,
} from '@openpayer/domain';
import { z } from 'zod';
import { decodedMoney, inForce, ruleFields, text } from '../policy/fields.ts';

/**
 * Service-unit payment (按服务单元付费) and per-case add-ons (病种附加支付) of PRODUCT.md §4.3 / §8,
 * e.g. robotic gastric surgery paid as an equipment fee + an operation fee, each within a floor and
 * a cap, with the consumables at purchase cost; robotic rectal-cancer surgery 8,000 a case on top.
 *
 * Semantics of `serviceUnitPayment` (one service, one rule):
 *
 * - each unit's recognised standard = the rule's `standard` × `coefficient` (1 without one; e.g. the
 *   product of `standardCoefficients`), rounded by the policy's rounding, then held within
 *   [`floor`, `cap`] (a bound not given does not hold it);
 * - a unit is paid min(charged, recognised standard); the charge above it is not paid by the fund
 *   (`overStandard`); a charge above the unit's `cap` is also reported as a warning
 *   `value.unit_over_cap` (a price violation for supervision), the settlement still goes through;
 * - a unit of the rule not charged is paid 0; a charged unit the rule does not have is refused
 *   (`value.unknown_unit`, path ['charged', unit]): the fund cannot tell what it pays for;
 * - consumables, when the rule pays them at cost (`consumablesAtCost`): a line's charge is
 *   unitPrice × quantity and it is paid min(unitPrice, purchasePrice) × quantity (zero mark-up, 零差率),
 *   each rounded by the policy's rounding; the rest of the charge is its `markUp`. A line without a
 *   purchase price is refused (`value.missing_purchase_price`, path ['consumables', i,
 *   'purchasePrice']). When the rule does not pay them at cost, a consumable is paid as charged;
 * - totals: paid + overStandard + markUp = charged, exactly, by construction (each line's paid is
 *   at most its charge, and the other parts are the differences).
 *
 * A charge is at the fen and not negative, a quantity not negative; anything else is refused with
 * its path (`value.invalid_input`). The rule must be in force on the date (`value.rule_not_in_force`).
 */

const notNegative = (value: unknown, path: (string | number)[], ctx: z.RefinementCtx) => {
  if (decodedMoney(value)?.isNegative() === true) {
    ctx.addIssue({ code: 'custom', message: 'must not be negative', path });
  }
};

const serviceUnit = z.strictObject({
  unit: text(1, 100).meta({ description: "The unit's name, e.g. 'equipment', 'operation'." }),
  standard: moneyCodec,
  floor: moneyCodec.optional().meta({ description: 'The recognised standard is at least this.' }),
  cap: moneyCodec.optional().meta({ description: 'The recognised standard is at most this.' }),
});

export const serviceUnitRuleSchema = z
  .strictObject({
    ...ruleFields,
    items: z
      .array(text(1, 300))
      .min(1)
      .max(500)
      .meta({ description: 'Service / procedure codes that identify the service.' }),
    units: z.array(serviceUnit).min(1).max(50),
    consumablesAtCost: z.boolean().meta({
      description: 'Consumables paid at purchase cost (zero mark-up).',
    }),
  })
  .superRefine((rule, ctx) => {
    const seen = new Set<string>();
    rule.units.forEach((u, i) => {
      if (seen.has(u.unit)) {
        ctx.addIssue({
          code: 'custom',
          message: `unit "${u.unit}" is listed twice`,
          path: ['units', i, 'unit'],
        });
      }
      seen.add(u.unit);
      notNegative(u.standard, ['units', i, 'standard'], ctx);
      notNegative(u.floor, ['units', i, 'floor'], ctx);
      const standard = decodedMoney(u.standard);
      const floor = decodedMoney(u.floor);
      const cap = decodedMoney(u.cap);
      if (floor !== undefined && standard !== undefined && floor.greaterThan(standard)) {
        ctx.addIssue({
          code: 'custom',
          message: `floor ${floor.toFixedString()} must not exceed the standard ${standard.toFixedString()}`,
          path: ['units', i, 'floor'],
        });
      }
      if (cap !== undefined && standard !== undefined && cap.lessThan(standard)) {
        ctx.addIssue({
          code: 'custom',
          message: `cap ${cap.toFixedString()} must not be below the standard ${standard.toFixedString()}`,
          path: ['units', i, 'cap'],
        });
      }
      if (floor !== undefined && cap !== undefined && floor.greaterThan(cap)) {
        ctx.addIssue({
          code: 'custom',
          message: `floor ${floor.toFixedString()} must not exceed the cap ${cap.toFixedString()}`,
          path: ['units', i, 'floor'],
        });
      }
    });
  })
  .meta({ id: 'ServiceUnitRule' });
export type ServiceUnitRule = z.output<typeof serviceUnitRuleSchema>;

/** ICD-9-CM-3 code prefix: a category `48`, a subcategory `48.5`, a detail code `48.51` … */
const procedurePrefix = z.string().regex(/^\d{2}(?:\.[0-9A-Za-z]{1,10})?$/u, {
  error: 'must be an ICD-9-CM-3 code or prefix, e.g. "48.5"',
});

export const caseAddOnRuleSchema = z
  .strictObject({
    ...ruleFields,
    procedures: z.array(procedurePrefix).min(1).max(200).meta({
      description: "ICD-9-CM-3 code prefixes: '48.5' matches '48.5100' and '48.51'.",
    }),
    technique: z.enum(TECHNIQUES).optional().meta({
      description: 'Applies only when the matching procedure was done with this technique.',
    }),
    amount: moneyCodec.meta({ description: 'Paid once per case on top of its payment.' }),
  })
  .superRefine((rule, ctx) => {
    notNegative(rule.amount, ['amount'], ctx);
  })
  .meta({ id: 'CaseAddOnRule' });
export type CaseAddOnRule = z.output<typeof caseAddOnRuleSchema>;

export const SERVICE_UNIT_ISSUE_CODES = [
  'value.rule_not_in_force',
  'value.no_service_unit_rule',
  'value.ambiguous_service_unit_rule',
  'value.unknown_unit',
  'value.missing_purchase_price',
  'value.invalid_input',
  'value.unit_over_cap',
] as const;
export type ServiceUnitIssueCode = (typeof SERVICE_UNIT_ISSUE_CODES)[number];

export interface ServiceUnitConsumable {
  readonly lineId: string;
  readonly code: string;
  readonly quantity: Decimal;
  readonly unitPrice: Money;
  /** The institution's purchase price (采购价) per unit. */
  readonly purchasePrice?: Money | undefined;
}

export interface ServiceUnitInput {
  readonly date: CalendarDate;
  /** The charge of each unit, by unit name. */
  readonly charged: Readonly<Record<string, Money>>;
  /** Multiplier on every unit's standard (e.g. a regional or domestic-device coefficient). */
  readonly coefficient?: Ratio | undefined;
  readonly consumables: readonly ServiceUnitConsumable[];
}

export interface ServiceUnitLine {
  readonly unit: string;
  readonly charged: Money;
  /** The rule's standard before the coefficient. */
  readonly standard: Money;
  /** standard × coefficient, rounded, held within [floor, cap]. */
  readonly recognised: Money;
  readonly floor: Money | undefined;
  readonly cap: Money | undefined;
  readonly paid: Money;
  readonly overStandard: Money;
  /** The charge exceeds the unit's cap (a price violation). */
  readonly overCap: boolean;
}

export interface ServiceUnitConsumableLine {
  readonly lineId: string;
  readonly code: string;
  readonly quantity: Decimal;
  readonly charged: Money;
  readonly paid: Money;
  readonly markUp: Money;
}

export interface ServiceUnitTotals {
  readonly charged: Money;
  readonly paid: Money;
  readonly overStandard: Money;
  readonly markUp: Money;
}

export interface ServiceUnitPayment {
  readonly ruleId: string;
  readonly units: readonly ServiceUnitLine[];
  readonly consumables: readonly ServiceUnitConsumableLine[];
  readonly totals: ServiceUnitTotals;
  readonly explanations: readonly string[];
}

const fmt = (m: Money) => m.toFixedString();

/**
 * The one service-unit rule in force on a date for a service code, with its index in
 * `parameters.serviceUnits` (for the explanations).
 */
export function findServiceUnitRule(
  rules: readonly ServiceUnitRule[],
  item: string,
  date: CalendarDate,
): Result<{ rule: ServiceUnitRule; index: number }, ServiceUnitIssueCode> {
  const found: { rule: ServiceUnitRule; index: number }[] = [];
  rules.forEach((rule, index) => {
    if (rule.items.includes(item) && inForce(rule, date)) found.push({ rule, index });
  });
  const [first, second] = found;
  if (first === undefined) {
    return fail([
      issue(
        'value.no_service_unit_rule',
        `no service-unit rule is in force for ${item} on ${date}`,
        {
          path: ['item'],
        },
      ),
    ]);
  }
  if (second !== undefined) {
    const ids = found.map((f) => f.rule.id);
    return fail([
      issue(
        'value.ambiguous_service_unit_rule',
        `${String(found.length)} service-unit rules are in force for ${item} on ${date} (${ids.join(', ')})`,
        { path: ['item'], data: { rules: ids } },
      ),
    ]);
  }
  return ok(first);
}

/** A charge the fund can read: at the fen and not negative. */
function chargeIssue(amount: Money, path: (string | number)[]): Issue<ServiceUnitIssueCode>[] {
  if (amount.isNegative() || !amount.isAtMinorUnit()) {
    return [
      issue(
        'value.invalid_input',
        `${amount.toDecimalString()} must be a non-negative amount at the fen`,
        {
          path,
        },
      ),
    ];
  }
  return [];
}

/**
 * Pays one service under its service-unit rule (see the file's comment for the semantics).
 * `index` is the rule's place in `parameters.serviceUnits`, named in the explanations when given.
 */
export function serviceUnitPayment(
  rule: ServiceUnitRule,
  input: ServiceUnitInput,
  rounding: RoundingRule,
  index?: number,
): Result<ServiceUnitPayment, ServiceUnitIssueCode> {
  const where =
    index === undefined
      ? `service-unit rule ${rule.id}`
      : `parameters.serviceUnits[${String(index)}]`;
  const issues: Issue<ServiceUnitIssueCode>[] = [];
  if (!inForce(rule, input.date)) {
    issues.push(
      issue(
        'value.rule_not_in_force',
        `service-unit rule ${rule.id} is not in force on ${input.date}`,
        {
          path: ['date'],
        },
      ),
    );
  }
  const coefficient = input.coefficient;
  if (coefficient?.isNegative() === true) {
    issues.push(
      issue('value.invalid_input', 'the coefficient must not be negative', {
        path: ['coefficient'],
      }),
    );
  }
  const units = new Set(rule.units.map((u) => u.unit));
  for (const [unit, amount] of Object.entries(input.charged)) {
    if (!units.has(unit)) {
      issues.push(
        issue(
          'value.unknown_unit',
          `service-unit rule ${rule.id} has no unit "${unit}" (it has ${[...units].join(', ')})`,
          {
            path: ['charged', unit],
          },
        ),
      );
    } else {
      issues.push(...chargeIssue(amount, ['charged', unit]));
    }
  }
  input.consumables.forEach((c, i) => {
    if (c.quantity.isNegative() || !c.quantity.isFinite()) {
      issues.push(
        issue('value.invalid_input', 'the quantity must not be negative', {
          path: ['consumables', i, 'quantity'],
        }),
      );
    }
    if (c.unitPrice.isNegative()) {
      issues.push(
        issue('value.invalid_input', 'the unit price must not be negative', {
          path: ['consumables', i, 'unitPrice'],
        }),
      );
    }
    if (rule.consumablesAtCost && c.purchasePrice === undefined) {
      issues.push(
        issue(
          'value.missing_purchase_price',
          `consumable ${c.lineId} (${c.code}) has no purchase price: service-unit rule ${rule.id} pays consumables at cost`,
          { path: ['consumables', i, 'purchasePrice'] },
        ),
      );
    } else if (c.purchasePrice?.isNegative() === true) {
      issues.push(
        issue('value.invalid_input', 'the purchase price must not be negative', {
          path: ['consumables', i, 'purchasePrice'],
        }),
      );
    }
  });
  if (issues.length > 0) return fail(issues);

  const explanations: string[] = [];
  const warnings: Issue<ServiceUnitIssueCode>[] = [];
  const unitLines: ServiceUnitLine[] = rule.units.map((u) => {
    const charged = Object.hasOwn(input.charged, u.unit)
      ? (input.charged[u.unit] ?? Money.zero())
      : Money.zero();
    let recognised =
      coefficient === undefined ? u.standard : u.standard.multiplyRound(coefficient, rounding);
    if (u.floor !== undefined) recognised = Money.max(recognised, u.floor);
    if (u.cap !== undefined) recognised = Money.min(recognised, u.cap);
    const paid = Money.min(charged, recognised);
    const overStandard = charged.subtract(paid);
    const overCap = u.cap !== undefined && charged.greaterThan(u.cap);
    const bounds = [
      u.floor === undefined ? undefined : `floor ${fmt(u.floor)}`,
      u.cap === undefined ? undefined : `cap ${fmt(u.cap)}`,
    ].filter((b) => b !== undefined);
    explanations.push(
      `service unit ${rule.id}/${u.unit}: charged ${fmt(charged)}, standard ${fmt(u.standard)}` +
        (coefficient === undefined ? '' : ` × ${coefficient.toString()}`) +
        (bounds.length > 0 ? ` within ${bounds.join(', ')}` : '') +
        ` = ${fmt(recognised)} → paid ${fmt(paid)}` +
        (overStandard.isZero() ? '' : `, ${fmt(overStandard)} above the standard not paid`) +
        ` (${where})`,
    );
    if (overCap && u.cap !== undefined) {
      warnings.push(
        issue(
          'value.unit_over_cap',
          `service unit ${rule.id}/${u.unit}: charged ${fmt(charged)} above its cap ${fmt(u.cap)}`,
          {
            path: ['charged', u.unit],
            severity: 'warning',
            data: { ruleId: rule.id, unit: u.unit, charged: fmt(charged), cap: fmt(u.cap) },
          },
        ),
      );
    }
    return {
      unit: u.unit,
      charged,
      standard: u.standard,
      recognised,
      floor: u.floor,
      cap: u.cap,
      paid,
      overStandard,
      overCap,
    };
  });

  const consumableLines: ServiceUnitConsumableLine[] = input.consumables.map((c) => {
    const charged = c.unitPrice.multiplyRound(c.quantity, rounding);
    if (!rule.consumablesAtCost || c.purchasePrice === undefined) {
      explanations.push(
        `consumable ${c.lineId} (${c.code}): ${fmt(charged)} paid as charged (service-unit rule ${rule.id} does not pay consumables at cost)`,
      );
      return {
        lineId: c.lineId,
        code: c.code,
        quantity: c.quantity,
        charged,
        paid: charged,
        markUp: Money.zero(),
      };
    }
    const atCost = Money.min(c.unitPrice, c.purchasePrice);
    const paid = atCost.multiplyRound(c.quantity, rounding);
    const markUp = charged.subtract(paid);
    explanations.push(
      `consumable ${c.lineId} (${c.code}): ${c.quantity.toFixed()} × ${c.unitPrice.toDecimalString()} = ${fmt(charged)}, paid at purchase cost ${c.purchasePrice.toDecimalString()} → ${fmt(paid)}` +
        (markUp.isZero() ? '' : `, mark-up ${fmt(markUp)} not paid`) +
        ` (${where})`,
    );
    return { lineId: c.lineId, code: c.code, quantity: c.quantity, charged, paid, markUp };
  });

  const totals: ServiceUnitTotals = {
    charged: Money.sum([
      ...unitLines.map((l) => l.charged),
      ...consumableLines.map((l) => l.charged),
    ]),
    paid: Money.sum([...unitLines.map((l) => l.paid), ...consumableLines.map((l) => l.paid)]),
    overStandard: Money.sum(unitLines.map((l) => l.overStandard)),
    markUp: Money.sum(consumableLines.map((l) => l.markUp)),
  };
  explanations.push(
    `service-unit rule ${rule.id}: charged ${fmt(totals.charged)} = paid ${fmt(totals.paid)} + above the standards ${fmt(totals.overStandard)} + consumable mark-up ${fmt(totals.markUp)}`,
  );
  return ok(
    { ruleId: rule.id, units: unitLines, consumables: consumableLines, totals, explanations },
    warnings,
  );
}

export const CASE_ADD_ON_ISSUE_CODES = ['value.invalid_input'] as const;
export type CaseAddOnIssueCode = (typeof CASE_ADD_ON_ISSUE_CODES)[number];

export interface CaseAddOnInput {
  readonly date: CalendarDate;
  readonly procedures: readonly {
    readonly code: string;
    readonly technique?: Technique | undefined;
  }[];
  /** The technique of the case as a whole (used for a procedure that records none). */
  readonly technique?: Technique | undefined;
}

export interface AppliedCaseAddOn {
  readonly ruleId: string;
  readonly name: string;
  /** Index in `parameters.caseAddOns`. */
  readonly index: number;
  /** The procedure code that made it apply (the first one that did). */
  readonly procedure: string;
  readonly amount: Money;
}

export interface CaseAddOnPayment {
  readonly addOns: readonly AppliedCaseAddOn[];
  readonly total: Money;
  readonly explanations: readonly string[];
}

/**
 * The per-case add-ons that apply to a case on a date: a rule in force applies (once per case)
 * when one procedure's code starts with one of its prefixes and, if the rule names a technique,
 * that procedure was done with it — the procedure's own technique, or the case's when the
 * procedure records none (a laparoscopic step recorded in a robotic case is not robotic).
 */
export function caseAddOnPayment(
  rules: readonly CaseAddOnRule[],
  input: CaseAddOnInput,
): Result<CaseAddOnPayment, CaseAddOnIssueCode> {
  const issues: Issue<CaseAddOnIssueCode>[] = [];
  input.procedures.forEach((p, i) => {
    const parsed = parseProcedureCode(p.code);
    if (!parsed.ok) {
      issues.push(
        issue('value.invalid_input', `"${p.code}" is not an ICD-9-CM-3 procedure code`, {
          path: ['procedures', i, 'code'],
        }),
      );
    }
  });
  if (issues.length > 0) return fail(issues);

  const addOns: AppliedCaseAddOn[] = [];
  const explanations: string[] = [];
  rules.forEach((rule, index) => {
    if (!inForce(rule, input.date)) return;
    const match = input.procedures.find((p) => {
      if (!rule.procedures.some((prefix) => p.code.startsWith(prefix))) return false;
      if (rule.technique === undefined) return true;
      return (p.technique ?? input.technique) === rule.technique;
    });
    if (match === undefined) return;
    addOns.push({
      ruleId: rule.id,
      name: rule.name,
      index,
      procedure: match.code,
      amount: rule.amount,
    });
    explanations.push(
      `case add-on ${rule.id}: procedure ${match.code}${rule.technique === undefined ? '' : ` (${rule.technique})`} matches ${rule.procedures.join('/')} → ${fmt(rule.amount)} (parameters.caseAddOns[${String(index)}])`,
    );
  });
  const total = Money.sum(addOns.map((a) => a.amount));
  explanations.push(addOns.length === 0 ? 'no case add-on applies' : `case add-ons: ${fmt(total)}`);
  return ok({ addOns, total, explanations });
}
