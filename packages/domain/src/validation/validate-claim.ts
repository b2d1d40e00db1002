import { validateDiagnosisCode, validateItemCode, validateProcedureCode } from '../codes/index.ts';
import { type CalendarDate, SERVICE_YEARS, ageAt } from '../dates/calendar-date.ts';
import { type Issue, type Result, atPath, fail, hasErrors, issue, ok } from '../issue/index.ts';
import { Money } from '../money/money.ts';
import { FEN_HALF_UP, type RoundingRule } from '../money/rounding.ts';
import { type Claim, claimSchema } from '../schemas/claim.ts';
import { decodeWellFormedClaim } from './claim-fast-path.ts';
import { issuesFromZod } from './zod-issues.ts';

export const CLAIM_ISSUE_CODES = [
  'claim.discharge_date_required',
  'claim.discharge_before_admission',
  'claim.admission_before_birth',
  'claim.line_date_outside_encounter',
  'claim.procedure_date_outside_encounter',
  'claim.line_amount_mismatch',
  'claim.negative_quantity',
  'claim.negative_amount',
  'claim.date_out_of_range',
  'claim.total_mismatch',
  'claim.principal_diagnosis_count',
  'claim.principal_procedure_count',
  'claim.asterisk_code_as_principal',
  'claim.morphology_code_as_principal',
  'claim.duplicate_diagnosis',
  'claim.duplicate_line_id',
  'claim.child_category_age',
] as const;
export type ClaimIssueCode = (typeof CLAIM_ISSUE_CODES)[number];

export interface ValidateClaimOptions {
  /** How a line amount is rounded from quantity × unit price; the fund's policy value. Default: fen, half-up. */
  readonly lineRounding?: RoundingRule;
}

/**
 * Validate a claim as received (wire JSON, unknown shape): first its shape (schema issues naming the
 * field), then its meaning — national codes, consistent dates, each line's amount equal to
 * quantity × unit price, the total equal to the sum of the lines. Never throws on bad input.
 */
export function validateClaim(input: unknown, options: ValidateClaimOptions = {}): Result<Claim> {
  let claim = decodeWellFormedClaim(input);
  if (claim === undefined) {
    const parsed = claimSchema.safeParse(input);
    if (!parsed.success) return fail(issuesFromZod(parsed.error));
    claim = parsed.data;
  }
  const issues = checkClaim(claim, options);
  return hasErrors(issues) ? fail(issues) : ok(claim, issues);
}

/** The semantic checks on an already well-shaped claim. */
export function checkClaim(claim: Claim, options: ValidateClaimOptions = {}): Issue[] {
  return [
    ...checkCodes(claim),
    ...checkDates(claim),
    ...checkAmounts(claim, options.lineRounding ?? FEN_HALF_UP),
    ...checkStructure(claim),
  ];
}

/**
 * Codes already found valid, per validator: a batch sees the same few thousand codes over and
 * over. Only valid codes are kept (an invalid one is validated again, for its issues); the sets
 * are emptied when they grow large, so memory stays bounded whatever the input.
 */
const VALID_CODES = {
  diagnosis: new Set<string>(),
  procedure: new Set<string>(),
  drug: new Set<string>(),
  service: new Set<string>(),
  consumable: new Set<string>(),
};
const MAX_VALID_CODES = 50_000;

/** The issues of a code not yet known valid (callers look in `valid` first); remembers it if valid. */
function newCodeIssues(
  valid: Set<string>,
  code: string,
  validate: (code: string) => Issue[],
): Issue[] {
  const issues = validate(code);
  if (issues.length === 0) {
    if (valid.size >= MAX_VALID_CODES) valid.clear();
    valid.add(code);
  }
  return issues;
}

function checkCodes(claim: Claim): Issue[] {
  const issues: Issue[] = [];
  const { diagnoses, procedures, lines, outcomes } = claim;
  for (let i = 0; i < diagnoses.length; i++) {
    const code = diagnoses[i]?.code ?? '';
    if (VALID_CODES.diagnosis.has(code)) continue;
    const found = newCodeIssues(VALID_CODES.diagnosis, code, validateDiagnosisCode);
    if (found.length > 0) issues.push(...atPath(['diagnoses', i, 'code'], found));
  }
  for (let i = 0; i < procedures.length; i++) {
    const code = procedures[i]?.code ?? '';
    if (VALID_CODES.procedure.has(code)) continue;
    const found = newCodeIssues(VALID_CODES.procedure, code, validateProcedureCode);
    if (found.length > 0) issues.push(...atPath(['procedures', i, 'code'], found));
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined || VALID_CODES[line.kind].has(line.code)) continue;
    const found = newCodeIssues(VALID_CODES[line.kind], line.code, (code) =>
      validateItemCode(line.kind, code),
    );
    if (found.length > 0) issues.push(...atPath(['lines', i, 'code'], found));
  }
  for (let i = 0; i < outcomes.length; i++) {
    const o = outcomes[i];
    if (o?.kind !== 'complication' || VALID_CODES.diagnosis.has(o.code)) continue;
    const found = newCodeIssues(VALID_CODES.diagnosis, o.code, validateDiagnosisCode);
    if (found.length > 0) issues.push(...atPath(['outcomes', i, 'code'], found));
  }
  return issues;
}

function checkDates(claim: Claim): Issue[] {
  const issues: Issue[] = [];
  const { admissionDate: start, dischargeDate } = claim;
  const end: CalendarDate = dischargeDate ?? start;

  if (claim.type === 'inpatient' && dischargeDate === undefined) {
    issues.push(
      issue(
        'claim.discharge_date_required',
        'dischargeDate: an inpatient claim needs a discharge date',
        { path: ['dischargeDate'] },
      ),
    );
  }
  if (end < start) {
    issues.push(
      issue(
        'claim.discharge_before_admission',
        `dischargeDate: ${end} is before the admission date ${start}`,
        {
          path: ['dischargeDate'],
          data: { admissionDate: start, dischargeDate: end },
        },
      ),
    );
    return issues; // the window below is meaningless
  }
  // The ledger keeps a person's accumulators per service year; a year outside the supported range
  // would be refused there (after the engine had settled it), so it is refused here, at the boundary.
  const years: [string, CalendarDate][] = [['admissionDate', start]];
  if (dischargeDate !== undefined) years.push(['dischargeDate', dischargeDate]);
  for (const [field, date] of years) {
    const year = Number(date.slice(0, 4));
    if (year < SERVICE_YEARS.min || year > SERVICE_YEARS.max) {
      issues.push(
        issue(
          'claim.date_out_of_range',
          `${field}: ${date} is outside the supported service years ${SERVICE_YEARS.min}–${SERVICE_YEARS.max}`,
          { path: [field], data: { date, ...SERVICE_YEARS } },
        ),
      );
    }
  }
  if (start < claim.person.birthDate) {
    issues.push(
      issue(
        'claim.admission_before_birth',
        `admissionDate: ${start} is before the person's birth date ${claim.person.birthDate}`,
        {
          path: ['admissionDate'],
          data: { admissionDate: start, birthDate: claim.person.birthDate },
        },
      ),
    );
  }
  claim.lines.forEach((line, i) => {
    if (line.date < start || line.date > end) {
      issues.push(
        issue(
          'claim.line_date_outside_encounter',
          `lines[${i}].date: ${line.date} is outside the encounter ${start} – ${end}`,
          {
            path: ['lines', i, 'date'],
            data: { date: line.date, admissionDate: start, dischargeDate: end },
          },
        ),
      );
    }
  });
  claim.procedures.forEach((p, i) => {
    if (p.date < start || p.date > end) {
      issues.push(
        issue(
          'claim.procedure_date_outside_encounter',
          `procedures[${i}].date: ${p.date} is outside the encounter ${start} – ${end}`,
          {
            path: ['procedures', i, 'date'],
            data: { date: p.date, admissionDate: start, dischargeDate: end },
          },
        ),
      );
    }
  });
  if (
    claim.person.categories.includes('child') &&
    start >= claim.person.birthDate &&
    ageAt(claim.person.birthDate, start) >= 18
  ) {
    issues.push(
      issue(
        'claim.child_category_age',
        `person.categories: "child" but the person is ${ageAt(claim.person.birthDate, start)} on ${start}`,
        {
          path: ['person', 'categories'],
          severity: 'warning',
        },
      ),
    );
  }
  return issues;
}

function checkAmounts(claim: Claim, rounding: RoundingRule): Issue[] {
  const issues: Issue[] = [];
  claim.lines.forEach((line, i) => {
    // Refunds are reversals of a settlement, never negative lines: a negative line would lower the
    // patient's share below zero and move the accumulators the wrong way.
    if (line.quantity.isNegative()) {
      issues.push(
        issue(
          'claim.negative_quantity',
          `lines[${i}].quantity: ${line.quantity.toFixed()} is negative; a refund is the reversal of the settlement`,
          { path: ['lines', i, 'quantity'], data: { quantity: line.quantity.toFixed() } },
        ),
      );
    }
    if (line.amount.isNegative()) {
      issues.push(
        issue(
          'claim.negative_amount',
          `lines[${i}].amount: ${line.amount.toFixedString()} is negative; a refund is the reversal of the settlement`,
          { path: ['lines', i, 'amount'], data: { amount: line.amount.toFixedString() } },
        ),
      );
    }
    const expected = line.unitPrice.multiplyRound(line.quantity, rounding);
    if (!expected.equals(line.amount)) {
      issues.push(
        issue(
          'claim.line_amount_mismatch',
          `lines[${i}].amount: ${line.amount.toFixedString()} ≠ quantity ${line.quantity.toFixed()} × unit price ${line.unitPrice.toDecimalString()} = ${expected.toFixedString()}`,
          {
            path: ['lines', i, 'amount'],
            data: {
              amount: line.amount.toFixedString(),
              expected: expected.toFixedString(),
              quantity: line.quantity.toFixed(),
              unitPrice: line.unitPrice.toDecimalString(),
            },
          },
        ),
      );
    }
  });
  const sum = Money.sum(claim.lines.map((l) => l.amount));
  if (claim.totalAmount.isNegative()) {
    issues.push(
      issue(
        'claim.negative_amount',
        `totalAmount: ${claim.totalAmount.toFixedString()} is negative; a refund is the reversal of the settlement`,
        { path: ['totalAmount'], data: { amount: claim.totalAmount.toFixedString() } },
      ),
    );
  }
  if (!sum.equals(claim.totalAmount)) {
    issues.push(
      issue(
        'claim.total_mismatch',
        `totalAmount: ${claim.totalAmount.toFixedString()} ≠ the sum of the line amounts ${sum.toFixedString()}`,
        {
          path: ['totalAmount'],
          data: { totalAmount: claim.totalAmount.toFixedString(), sumOfLines: sum.toFixedString() },
        },
      ),
    );
  }
  return issues;
}

/**
 * The first earlier index whose key equals the key at i, or -1. Short lists (nearly all claims)
 * compare directly; long ones use `seen`, filled as the caller walks the list in order.
 */
function firstEarlier(
  keys: readonly string[],
  i: number,
  seen: Map<string, number> | undefined,
): number {
  const key = keys[i] ?? '';
  if (seen === undefined) {
    for (let j = 0; j < i; j++) if (keys[j] === key) return j;
    return -1;
  }
  const first = seen.get(key);
  if (first !== undefined) return first;
  seen.set(key, i);
  return -1;
}

/** Lists longer than this find repeats through a map instead of comparing every earlier element. */
const DIRECT_COMPARE_MAX = 32;

function checkStructure(claim: Claim): Issue[] {
  const issues: Issue[] = [];
  const { diagnoses, procedures, lines } = claim;
  const principals: number[] = [];
  for (let i = 0; i < diagnoses.length; i++) {
    if (diagnoses[i]?.role === 'principal') principals.push(i);
  }
  if (principals.length !== 1) {
    issues.push(
      issue(
        'claim.principal_diagnosis_count',
        `diagnoses: exactly one principal diagnosis is required, found ${principals.length}`,
        {
          path: ['diagnoses'],
          data: { count: principals.length },
        },
      ),
    );
  }
  for (const i of principals) {
    const code = diagnoses[i]?.code ?? '';
    // An asterisk (manifestation) code may not stand alone as the principal diagnosis; the
    // dagger/asterisk pair or the dagger (aetiology) code must.
    if (code.endsWith('*') && !code.includes('+')) {
      issues.push(
        issue(
          'claim.asterisk_code_as_principal',
          `diagnoses[${i}].code: the asterisk code ${code} cannot be the principal diagnosis; code the aetiology (dagger) first`,
          {
            path: ['diagnoses', i, 'code'],
          },
        ),
      );
    }
    // M + three digits (no dot) is an ICD-O morphology code; M80.0 (osteoporosis) is not.
    if (/^M\d{3}/.test(code)) {
      issues.push(
        issue(
          'claim.morphology_code_as_principal',
          `diagnoses[${i}].code: ${code} is a neoplasm morphology code, not a diagnosis; code the site`,
          {
            path: ['diagnoses', i, 'code'],
          },
        ),
      );
    }
  }
  let principalProcedures = 0;
  for (const p of procedures) if (p.role === 'principal') principalProcedures++;
  if (principalProcedures > 1) {
    issues.push(
      issue(
        'claim.principal_procedure_count',
        `procedures: at most one principal procedure, found ${principalProcedures}`,
        {
          path: ['procedures'],
          data: { count: principalProcedures },
        },
      ),
    );
  }
  const diagnosisKeys = diagnoses.map((d) => d.code);
  const seenDiagnoses =
    diagnoses.length > DIRECT_COMPARE_MAX ? new Map<string, number>() : undefined;
  for (let i = 0; i < diagnoses.length; i++) {
    const first = firstEarlier(diagnosisKeys, i, seenDiagnoses);
    if (first === -1) continue;
    issues.push(
      issue(
        'claim.duplicate_diagnosis',
        `diagnoses[${i}].code: ${diagnosisKeys[i] ?? ''} repeats diagnoses[${first}]`,
        {
          path: ['diagnoses', i, 'code'],
          severity: 'warning',
        },
      ),
    );
  }
  const lineKeys = lines.map((l) => l.id);
  const seenLines = lines.length > DIRECT_COMPARE_MAX ? new Map<string, number>() : undefined;
  for (let i = 0; i < lines.length; i++) {
    const first = firstEarlier(lineKeys, i, seenLines);
    if (first === -1) continue;
    issues.push(
      issue(
        'claim.duplicate_line_id',
        `lines[${i}].id: "${lineKeys[i] ?? ''}" is already used by lines[${first}]`,
        {
          path: ['lines', i, 'id'],
        },
      ),
    );
  }
  return issues;
}
