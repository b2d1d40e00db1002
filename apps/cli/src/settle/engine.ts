import { CatalogIndex } from '@openpayer/catalog';
import {
  type Issue,
  Money,
  accountingYearOf,
  issue,
  issuesFromZod,
  validateClaim,
} from '@openpayer/domain';
import {
  type Accumulators,
  type LineSettlementWire,
  type Party,
  type Policy,
  SHARE_PARTIES,
  type Settlement,
  type SettlementWire,
  accumulatorsSchema,
  parsePolicyText,
  settle,
} from '@openpayer/pricing';
import { CliError } from '../exit-codes.ts';
import { AccumulatorStore } from './accumulator-store.ts';
import { type EngineTotals, emptyTotals } from './totals.ts';
import { catalogFromText, looksLikeCsv, policyFormatOf, readInputText } from '../sources.ts';
import { cachedImport } from '../batch/release-cache.ts';

/**
 * One settlement engine of a batch: the policy and the catalog release, loaded once, and the
 * year-to-date accumulators of the people it has seen. A batch runs one engine per worker; each
 * person's claims all go to the same engine, in input order, so a claim always sees exactly the
 * accumulators of that person's earlier claims in the file.
 */

export interface EngineSources {
  /** Absolute path of the policy document (YAML or JSON). */
  readonly policy: string;
  /** Absolute path of a catalog release (JSON, as `openpayer catalog import` writes) or an NRDL CSV. */
  readonly catalog: string;
  /** Add every layer's amounts and the explanation behind each number to the output. */
  readonly explain: boolean;
}

/** Accumulators as they travel between threads and files: strings, exact. */
export type AccumulatorsRecord = Readonly<Record<string, string | number>>;

export interface LineOutcome {
  /** The output line (NDJSON, without the newline). */
  readonly text: string;
  readonly ok: boolean;
}

export function loadPolicyFile(file: string): Policy {
  const text = readInputText('the policy', file);
  const parsed = parsePolicyText(text, policyFormatOf(file, text));
  if (!parsed.ok) {
    const first = parsed.issues[0];
    // The line the pricing package found the field on, when it is written in the file.
    const line = first?.data?.['line'];
    const where = typeof line === 'number' ? ` (line ${line})` : '';
    throw new CliError(
      'malformed_input',
      `the policy ${file} is not valid: ${first ? `${first.path.join('.')}${where}: ${first.message}` : ''} (run openpayer policy check ${file})`,
    );
  }
  return parsed.value;
}

export function loadCatalogFile(file: string): CatalogIndex {
  const text = readInputText('the catalog', file);
  const read = looksLikeCsv(file, text)
    ? cachedImport(text, () => catalogFromText(file, text))
    : catalogFromText(file, text);
  if (read.ok) return new CatalogIndex(read.release);
  const detail =
    read.kind === 'json'
      ? `neither an NRDL CSV nor JSON (${read.message})`
      : `${read.kind === 'import' ? 'not an importable NRDL CSV' : 'not a catalog release'}: ${read.issues[0] ? `${read.issues[0].path.join('.')} ${read.issues[0].message}` : ''}`;
  throw new CliError(
    'malformed_input',
    `the catalog ${file} is ${detail} (run openpayer catalog import ${file})`,
  );
}

const PARTIES: readonly Party[] = SHARE_PARTIES;

/**
 * A result line is a projection of the settlement's wire form (`SettlementWire`, the settlement
 * schema's): these of its fields, as the schema writes them, except that `payers` leave out zero
 * parts and a line's `selfPay` is left out when it is empty. Beside them the line has its own:
 * `record`, `line`, `ok`, `personId`, `accumulators` (the settlement's `accumulatorsAfter`) and
 * `issues`. A test checks that the written line is exactly this projection.
 */
export const RESULT_SETTLEMENT_FIELDS = [
  'claimId',
  'versions',
  'total',
  'eligible',
  'selfPay',
  'payers',
  'lines',
] as const satisfies readonly (keyof SettlementWire)[];
export const RESULT_LINE_FIELDS = [
  'lineId',
  'outcome',
  'coverageReasons',
  'eligible',
  'payers',
  'selfPay',
] as const satisfies readonly (keyof LineSettlementWire)[];
/** What `--explain` adds, as the settlement schema writes it. */
export const EXPLAINED_SETTLEMENT_FIELDS = [
  'layers',
  'accumulatorsBefore',
  'explanations',
] as const satisfies readonly (keyof SettlementWire)[];
/** The result line's own fields, around the projection. */
export const RESULT_OWN_FIELDS = [
  'record',
  'line',
  'ok',
  'personId',
  'accumulators',
  'issues',
] as const;

type NonZeroPayers<P> = Partial<P>;

export type ResultLineWire = Omit<
  Pick<LineSettlementWire, (typeof RESULT_LINE_FIELDS)[number]>,
  'payers' | 'selfPay'
> & {
  readonly payers: NonZeroPayers<LineSettlementWire['payers']>;
  readonly selfPay?: LineSettlementWire['selfPay'];
};

export type ResultWire = Omit<
  Pick<SettlementWire, (typeof RESULT_SETTLEMENT_FIELDS)[number]>,
  'payers' | 'lines'
> & {
  readonly record: number;
  readonly line: number;
  readonly ok: true;
  readonly personId: SettlementWire['accumulatorsAfter']['personId'];
  readonly payers: NonZeroPayers<SettlementWire['payers']>;
  readonly lines: readonly ResultLineWire[];
  readonly accumulators: SettlementWire['accumulatorsAfter'];
  readonly issues: readonly Issue[];
};

export type ExplainedResultWire = ResultWire &
  Pick<SettlementWire, (typeof EXPLAINED_SETTLEMENT_FIELDS)[number]>;

function accumulatorsJson(a: Accumulators) {
  return {
    personId: a.personId,
    year: a.year,
    deductibleUsed: a.deductibleUsed.toFixedString(),
    admissions: a.admissions,
    fundPaid: a.fundPaid.toFixedString(),
    criticalIllnessBase: a.criticalIllnessBase.toFixedString(),
    criticalIllnessPaid: a.criticalIllnessPaid.toFixedString(),
    assistancePaid: a.assistancePaid.toFixedString(),
    commercialDeductibleUsed: a.commercialDeductibleUsed.toFixedString(),
    commercialPaid: a.commercialPaid.toFixedString(),
    sharingFundPaid: a.sharingFundPaid.toFixedString(),
  };
}

function payersJson(payers: Readonly<Partial<Record<Party, Money>>>) {
  const out: Partial<Record<Party, string>> = {};
  for (const party of PARTIES) {
    const amount = payers[party];
    if (amount !== undefined && !amount.isZero()) out[party] = amount.toFixedString();
  }
  return out;
}

export function resultJson(
  record: number,
  line: number,
  s: Settlement,
  warnings: readonly Issue[],
  explain: boolean,
): ResultWire | ExplainedResultWire {
  const base: ResultWire = {
    record,
    line,
    ok: true,
    claimId: s.claimId,
    personId: s.accumulatorsAfter.personId,
    versions: s.versions,
    total: s.total.toFixedString(),
    eligible: s.eligible.toFixedString(),
    selfPay: s.selfPay.toFixedString(),
    payers: payersJson(s.payers),
    lines: s.lines.map((l) => ({
      lineId: l.lineId,
      outcome: l.outcome,
      // The coverage decision's reason codes, as the API's settlement carries them per line.
      coverageReasons: l.coverageReasons,
      eligible: l.eligible.toFixedString(),
      payers: payersJson(l.payers),
      ...(l.selfPay.length === 0
        ? {}
        : {
            selfPay: l.selfPay.map((p) => ({ reason: p.reason, amount: p.amount.toFixedString() })),
          }),
    })),
    accumulators: accumulatorsJson(s.accumulatorsAfter),
    issues: warnings,
  };
  if (!explain) return base;
  const explained: ExplainedResultWire = {
    ...base,
    layers: {
      basic: {
        deductible: s.layers.basic.deductible.toFixedString(),
        base: s.layers.basic.base.toFixedString(),
        fund: s.layers.basic.fund.toFixedString(),
        capReached: s.layers.basic.capReached,
      },
      criticalIllness: s.layers.criticalIllness.toFixedString(),
      medicalAssistance: s.layers.medicalAssistance.toFixedString(),
      commercial: s.layers.commercial.toFixedString(),
      sharing: s.layers.sharing.toFixedString(),
    },
    accumulatorsBefore: accumulatorsJson(s.accumulatorsBefore),
    explanations: s.explanations.map((e) => ({
      layer: e.layer,
      what: e.what,
      parameter: e.parameter,
      value: e.value,
      amount: e.amount.toFixedString(),
    })),
  };
  return explained;
}

/** Strings that JSON.stringify leaves as they are, between quotes. */
const PLAIN = /^[\w .:+*/@#()-]*$/u;

function quote(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text);
}

function payersText(payers: Readonly<Partial<Record<Party, Money>>>): string {
  let out = '';
  for (const party of PARTIES) {
    const amount = payers[party];
    if (amount === undefined || amount.isZero()) continue;
    out += `${out === '' ? '' : ','}"${party}":"${amount.toFixedString()}"`;
  }
  return `{${out}}`;
}

function accumulatorsText(a: Accumulators): string {
  return (
    `{"personId":${quote(a.personId)},"year":${String(a.year)}` +
    `,"deductibleUsed":"${a.deductibleUsed.toFixedString()}","admissions":${String(a.admissions)}` +
    `,"fundPaid":"${a.fundPaid.toFixedString()}","criticalIllnessBase":"${a.criticalIllnessBase.toFixedString()}"` +
    `,"criticalIllnessPaid":"${a.criticalIllnessPaid.toFixedString()}","assistancePaid":"${a.assistancePaid.toFixedString()}"` +
    `,"commercialDeductibleUsed":"${a.commercialDeductibleUsed.toFixedString()}","commercialPaid":"${a.commercialPaid.toFixedString()}"` +
    `,"sharingFundPaid":"${a.sharingFundPaid.toFixedString()}"}`
  );
}

/** The versions member, the same for every claim an engine settles: written once. */
let versionsCache: { policy: string; catalog: string; text: string } | undefined;

function versionsText(v: Settlement['versions']): string {
  if (versionsCache?.policy !== v.policy || versionsCache.catalog !== v.catalog) {
    versionsCache = {
      policy: v.policy,
      catalog: v.catalog,
      text: `{"policy":${quote(v.policy)},"catalog":${quote(v.catalog)}}`,
    };
  }
  return versionsCache.text;
}

/**
 * `JSON.stringify(resultJson(record, line, s, warnings, false))`, written directly: the same
 * bytes (a test compares the two) without building the wire object first. Record and line
 * numbers, the year and admissions are integers, whose JSON is their String().
 */
export function resultText(
  record: number,
  line: number,
  s: Settlement,
  warnings: readonly Issue[],
): string {
  let lines = '';
  for (const l of s.lines) {
    let selfPay = '';
    for (const p of l.selfPay) {
      selfPay += `${selfPay === '' ? '' : ','}{"reason":"${p.reason}","amount":"${p.amount.toFixedString()}"}`;
    }
    let reasons = '';
    for (const code of l.coverageReasons) reasons += `${reasons === '' ? '' : ','}${quote(code)}`;
    lines +=
      `${lines === '' ? '' : ','}{"lineId":${quote(l.lineId)},"outcome":"${l.outcome}"` +
      `,"coverageReasons":[${reasons}]` +
      `,"eligible":"${l.eligible.toFixedString()}","payers":${payersText(l.payers)}` +
      `${selfPay === '' ? '' : `,"selfPay":[${selfPay}]`}}`;
  }
  return (
    `{"record":${String(record)},"line":${String(line)},"ok":true` +
    `,"claimId":${quote(s.claimId)},"personId":${quote(s.accumulatorsAfter.personId)}` +
    `,"versions":${versionsText(s.versions)}` +
    `,"total":"${s.total.toFixedString()}","eligible":"${s.eligible.toFixedString()}"` +
    `,"selfPay":"${s.selfPay.toFixedString()}","payers":${payersText(s.payers)}` +
    `,"lines":[${lines}],"accumulators":${accumulatorsText(s.accumulatorsAfter)}` +
    `,"issues":${warnings.length === 0 ? '[]' : JSON.stringify(warnings)}}`
  );
}

export class SettleEngine {
  private readonly policy: Policy;
  private readonly catalog: CatalogIndex;
  private readonly explain: boolean;
  /** Each person's accumulators after their last claim of the year. */
  private readonly accumulators = new AccumulatorStore();
  private readonly payerTotals = new Map<string, Money>();
  readonly totals: EngineTotals = emptyTotals();

  /** The policy and catalog release behind every result (each result line names them, failures too). */
  readonly versions: { readonly policy: string; readonly catalog: string };

  constructor(sources: EngineSources) {
    this.policy = loadPolicyFile(sources.policy);
    this.catalog = loadCatalogFile(sources.catalog);
    this.explain = sources.explain;
    this.versions = { policy: this.policy.id, catalog: this.catalog.release.id };
  }

  /** Start from known year-to-date figures (an --accumulators file, or a resumed batch's output). */
  seed(record: AccumulatorsRecord): Issue[] {
    const parsed = accumulatorsSchema.safeParse(record);
    if (!parsed.success) return issuesFromZod(parsed.error);
    this.accumulators.set(parsed.data);
    return [];
  }

  /** Settle one input line; never throws for bad input (the line's result says what is wrong). */
  settleLine(record: number, line: number, text: string): LineOutcome {
    this.totals.claims++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return this.failure(record, line, [
        {
          code: 'input.malformed_json',
          severity: 'error',
          path: [],
          message: `line ${line} is not JSON: ${error instanceof SyntaxError ? error.message : 'unparseable'}`,
        },
      ]);
    }
    const validated = validateClaim(value);
    if (!validated.ok) return this.failure(record, line, validated.issues);
    const claim = validated.value;
    // A policy is the benefit design of one insured region: the API only settles a claim under
    // its region's policy, so a batch given another region's policy refuses that claim alike.
    if (claim.person.insuredRegion !== this.policy.region) {
      return this.failure(record, line, [
        issue(
          'settlement.policy_region_mismatch',
          `the person is insured in region ${claim.person.insuredRegion}; policy ${this.policy.id} is for region ${this.policy.region}`,
          {
            path: ['person', 'insuredRegion'],
            data: {
              region: claim.person.insuredRegion,
              policy: this.policy.id,
              policyRegion: this.policy.region,
            },
          },
        ),
      ]);
    }
    const year = accountingYearOf(claim);
    const before = this.accumulators.get(claim.person.id, year);
    const result = settle(claim, {
      policy: this.policy,
      catalog: this.catalog,
      accumulators: before,
      explain: this.explain,
    });
    if (!result.ok) return this.failure(record, line, result.issues);
    const s = result.value;
    this.accumulators.set(s.accumulatorsAfter);
    this.totals.settled++;
    this.totals.lines += s.lines.length;
    for (const party of PARTIES) {
      const amount = s.payers[party];
      if (amount.isZero()) continue;
      this.payerTotals.set(party, (this.payerTotals.get(party) ?? Money.zero()).add(amount));
    }
    const warnings = [...validated.issues, ...result.issues];
    for (const w of warnings) this.count(w.code);
    return {
      ok: true,
      text: this.explain
        ? JSON.stringify(resultJson(record, line, s, warnings, true))
        : resultText(record, line, s, warnings),
    };
  }

  /** The accumulators after the batch, in a stable order (person, then year). */
  accumulatorRecords(): AccumulatorsRecord[] {
    return [...this.accumulators.records()]
      .map(accumulatorsJson)
      .sort((a, b) =>
        a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : a.year - b.year,
      );
  }

  /** The running totals, with the payer sums as exact strings. */
  summary(): EngineTotals {
    const payers: Record<string, string> = {};
    for (const [party, amount] of this.payerTotals) payers[party] = amount.toFixedString();
    return { ...this.totals, payers, issues: { ...this.totals.issues } };
  }

  private failure(record: number, line: number, issues: readonly Issue[]): LineOutcome {
    this.totals.failed++;
    const errors = issues.filter((i) => i.severity === 'error');
    for (const i of errors) this.count(i.code);
    return {
      ok: false,
      text: JSON.stringify({ record, line, ok: false, versions: this.versions, issues }),
    };
  }

  private count(code: string): void {
    this.totals.issues[code] = (this.totals.issues[code] ?? 0) + 1;
  }
}
