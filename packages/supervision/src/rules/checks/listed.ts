import {
  type CoverageDecision,
  type CoverageReasonCode,
  type RestrictionKind,
  type RestrictionResult,
  canonicalVariants,
  claimFacts,
  codesOfDiagnosis,
  hasPrefix,
  normalizeTest,
  variantSatisfies,
} from '@openpayer/catalog';
import {
  type CalendarDate,
  type Claim,
  type ClaimLine,
  Decimal,
  type Evidence,
  type EvidenceValue,
  Money,
  addDays,
  ageAt,
  lengthOfStay,
  serviceDateOf,
} from '@openpayer/domain';
import { type CodeIndex, codeSet } from '../code-index.ts';
import type { CheckScope, Checks, Hit, PriorClaim, ReviewInput, RuleOf } from '../review.ts';
import { biomarkerText, lineAt } from './lines.ts';

/**
 * The checks of the rules PRODUCT.md §5 lists: what the catalog's decision already says (out of
 * catalog, restriction not met, outside the primary-care formulary), what the claim and the
 * person's earlier claims show (biomarker evidence, exit rules), and the limits a rule carries as
 * data (long prescriptions, plan cost, daily drug cost, suspended prescribers). Every check reports
 * in line order; amounts and numbers in the evidence are text (the review clips it to the finding's
 * limits).
 */

type Kind =
  | 'out_of_catalog'
  | 'restriction_not_met'
  | 'biomarker_required'
  | 'primary_formulary'
  | 'long_prescription'
  | 'plan_cost_threshold'
  | 'daily_drug_cost'
  | 'exit_rule'
  | 'suspended_prescriber';

// — Shared helpers —

/** The catalog's decision for a line (decisions come in line order; the line id confirms it). */
function findDecision(input: ReviewInput, index: number): CoverageDecision | undefined {
  const line = lineAt(input.claim, index);
  const at = input.decisions[index];
  if (at?.lineId === line.id) return at.decision;
  return input.decisions.find((d) => d.lineId === line.id)?.decision;
}

/** As `findDecision`, for checks that cannot judge a line without it (a finding of its own). */
function decisionOf(input: ReviewInput, index: number): CoverageDecision {
  const decision = findDecision(input, index);
  if (decision === undefined) {
    throw new Error(`no coverage decision for line ${lineAt(input.claim, index).id}`);
  }
  return decision;
}

/**
 * Whether one of the ICD-10 `codes` falls under one of `prefixes`, as the catalog reads a
 * diagnosis restriction (`hasPrefix`: `M81` covers `M81.000`, not the morphology code `M81400/3`).
 */
function diagnosesMatch(prefixes: readonly string[], codes: readonly string[]): boolean {
  return codes.some((code) => prefixes.some((p) => hasPrefix(code, p)));
}

function money(amount: Money): string {
  return amount.isAtMinorUnit() ? amount.toFixedString() : amount.toDecimalString();
}

/** A decimal the check can compute with: a finite Decimal, else null (a malformed value). */
function decimalOf(value: Decimal | undefined): Decimal | null {
  return value?.isFinite() === true ? value : null;
}

/** A piece of the person's evidence and where it was read. */
interface Seen {
  readonly evidence: Evidence;
  /** The claim it came from; null for the claim under review. */
  readonly claimId: string | null;
}

/** The window's first day around `date` and the person's earlier claims overlapping it (oldest first). */
function priorsAround(
  input: ReviewInput,
  scope: CheckScope,
  date: CalendarDate,
): { readonly from: CalendarDate; readonly priors: readonly PriorClaim[] } {
  const { from } = scope.window(date);
  return { from, priors: from <= date ? input.history.claimsBetween(from, date) : [] };
}

/** The person's evidence dated on or before `date`: that of `priors` (oldest first), then this claim's. */
function evidenceUpTo(
  input: ReviewInput,
  priors: readonly PriorClaim[],
  date: CalendarDate,
): Seen[] {
  const seen: Seen[] = [];
  for (const prior of priors) {
    for (const evidence of prior.claim.evidence) {
      if (evidence.date <= date) seen.push({ evidence, claimId: prior.claim.id });
    }
  }
  for (const evidence of input.claim.evidence) {
    if (evidence.date <= date) seen.push({ evidence, claimId: null });
  }
  return seen;
}

/** `read(date)` remembered per date, for the lines of one claim (often all of one date). */
function perDate<T>(read: (date: CalendarDate) => T): (date: CalendarDate) => T {
  const byDate = new Map<CalendarDate, T>();
  return (date) => {
    if (byDate.has(date)) return byDate.get(date) as T;
    const value = read(date);
    byDate.set(date, value);
    return value;
  };
}

function otherClaims(seen: readonly (Seen | null)[]): string[] {
  const ids = new Set<string>();
  for (const s of seen) if (s !== null && s.claimId !== null) ids.add(s.claimId);
  return [...ids];
}

/** The latest of `items` by date; on the same date the later one read (this claim after history). */
function latest<T extends Seen>(items: readonly T[]): T | null {
  let best: T | null = null;
  for (const item of items)
    if (best === null || item.evidence.date >= best.evidence.date) best = item;
  return best;
}

// — out_of_catalog —

const OUT_OF_CATALOG: ReadonlySet<CoverageReasonCode> = new Set<CoverageReasonCode>([
  'coverage.not_in_catalog',
  'coverage.out_of_catalog_class',
]);

function outOfCatalog(
  rule: RuleOf<'out_of_catalog'>,
  input: ReviewInput,
  scope: CheckScope,
): Hit[] {
  const hits: Hit[] = [];
  for (const i of scope.lines) {
    const line = lineAt(input.claim, i);
    if (!rule.check.itemKinds.includes(line.kind)) continue;
    const decision = decisionOf(input, i);
    if (decision.approval !== null) continue;
    const reason = decision.reasons.find((r) => OUT_OF_CATALOG.has(r.code));
    if (reason === undefined) continue;
    const classC = reason.code === 'coverage.out_of_catalog_class';
    const amount = money(line.amount);
    hits.push({
      lineIds: [line.id],
      evidence: {
        code: line.code,
        name: line.name,
        itemKind: line.kind,
        amount,
        outcome: decision.outcome,
        reason: reason.code,
        coverageClass: decision.coverageClass,
        approvalRef: line.approvalRef ?? null,
      },
      zh: `${line.name}（${line.code}）${classC ? '为目录外（丙类）项目' : '不在医保目录内'}，金额 ${amount} 元，未经审批${line.approvalRef === undefined ? '' : `（所附审批 ${line.approvalRef} 未生效）`}`,
      en: `${line.name} (${line.code}) is ${classC ? 'out of catalog (class C)' : 'not in the catalog'}, ${amount} yuan, billed without an approval${line.approvalRef === undefined ? '' : ` (approval ${line.approvalRef} is not in force for it)`}`,
    });
  }
  return hits;
}

// — restriction_not_met —

/** The results that made the decision "not met": an alternative counts only when none held. */
function failingRestrictions(decision: CoverageDecision): RestrictionResult[] {
  const byIndication = new Map<number, boolean>();
  for (const r of decision.restrictions) {
    if (r.indication === undefined) continue;
    byIndication.set(
      r.indication,
      (byIndication.get(r.indication) ?? false) || r.result === 'not_met',
    );
  }
  const everyAlternativeFailed =
    byIndication.size > 0 && [...byIndication.values()].every((failed) => failed);
  return decision.restrictions.filter(
    (r) => r.result === 'not_met' && (r.indication === undefined || everyAlternativeFailed),
  );
}

/** What the claim showed for a kind of restriction (the values the decision read). */
function readFor(
  kind: RestrictionKind,
  claim: Claim,
  line: ClaimLine,
): Record<string, EvidenceValue> {
  switch (kind) {
    case 'diagnosis':
      return { diagnoses: claim.diagnoses.map((d) => d.code) };
    case 'evidence':
      return {
        biomarkers: claim.evidence.flatMap((e) =>
          e.kind === 'biomarker' ? [biomarkerText(e)] : [],
        ),
      };
    case 'lab':
      return {
        labs: claim.evidence.flatMap((e) =>
          e.kind === 'lab'
            ? [`${e.test} ${e.value.toFixed()} ${e.unit} ${e.date}`]
            : e.kind === 'score'
              ? [`${e.instrument} ${e.value.toFixed()} ${e.date}`]
              : [],
        ),
      };
    case 'age':
      return {
        birthDate: claim.person.birthDate,
        age:
          line.date < claim.person.birthDate
            ? null
            : String(ageAt(claim.person.birthDate, line.date)),
      };
    case 'sex':
      return { sex: claim.person.sex };
    case 'institution_tier':
      return { tier: claim.institution.tier };
    case 'setting':
      return { claimType: claim.type };
    case 'line_of_therapy':
      return {
        lineOfTherapy: line.lineOfTherapy === undefined ? null : String(line.lineOfTherapy),
      };
    case 'course':
    case 'month_limit':
    case 'first_prescription':
      return { daysSupply: line.daysSupply === undefined ? null : String(line.daysSupply) };
    case 'quantity':
    case 'cumulative_quantity':
    case 'frequency':
      return {
        quantity: line.quantity.toFixed(),
        daysSupply: line.daysSupply === undefined ? null : String(line.daysSupply),
      };
    case 'prescriber_title':
      return {
        prescriberTitle: (line.prescriber ?? claim.attendingPrescriber)?.title ?? null,
      };
    case 'scheme':
      return { scheme: claim.scheme };
    case 'approval':
      return { approvalRef: line.approvalRef ?? null };
    case 'combination':
      return {
        otherLines: claim.lines.filter((l) => l.id !== line.id).map((l) => l.code),
      };
    case 'emergency':
      return { emergency: claim.emergency ?? null };
    case 'tcm_syndrome':
      return { tcmSyndromes: claim.tcmSyndromes ?? null };
    case 'procedure':
      return { procedures: claim.procedures.map((p) => p.code) };
    case 'prior_therapy':
      return {
        priorTherapies: claim.evidence.flatMap((e) =>
          e.kind === 'prior_therapy' ? [`${e.therapy} ${e.outcome} ${e.date}`] : [],
        ),
      };
  }
}

function restrictionNotMet(
  _rule: RuleOf<'restriction_not_met'>,
  input: ReviewInput,
  scope: CheckScope,
): Hit[] {
  const hits: Hit[] = [];
  const { claim } = input;
  for (const i of scope.lines) {
    const decision = decisionOf(input, i);
    if (decision.approval !== null) continue;
    const overall = decision.reasons.some(
      (r) => r.code === 'coverage.restriction_not_met' || r.code === 'coverage.requires_approval',
    );
    if (!overall) continue;
    const failing = failingRestrictions(decision);
    if (failing.length === 0) continue;
    const line = lineAt(claim, i);
    // Assigned, not spread (see `itemEvidence` in items.ts).
    const read: Record<string, EvidenceValue> = {};
    for (const r of failing) Object.assign(read, readFor(r.kind, claim, line));
    const texts = failing.map((r) => r.text);
    const kinds = [...new Set(failing.map((r) => r.kind))];
    hits.push({
      lineIds: [line.id],
      evidence: {
        code: line.code,
        name: line.name,
        itemId: decision.itemId,
        outcome: decision.outcome,
        kinds,
        restrictions: failing.map((r) => `${r.kind}: ${r.text}`),
        results: failing.map((r) => r.code),
        sources: [...new Set(failing.map((r) => r.source))],
        ...read,
      },
      zh: `${line.name}（${line.code}）不符合限定支付范围（${kinds.join('、')}）：${texts.join('；')}`,
      en: `${line.name} (${line.code}) is outside its restricted payment scope (${kinds.join(', ')}): ${texts.join('; ')}`,
    });
  }
  return hits;
}

// — biomarker_required —

type BiomarkerEntry = RuleOf<'biomarker_required'>['check']['drugs'][number];

/** A variant in canonical spelling (catalog's), or the text itself when none is recognised. */
function variantKeys(text: string): string[] {
  const canonical = canonicalVariants(text);
  if (canonical.length > 0) return canonical;
  const plain = text.normalize('NFKC').toUpperCase().replace(/\s+/gu, '');
  return plain === '' ? [] : [plain];
}

type Biomarker = Extract<Evidence, { kind: 'biomarker' }>;

/** A rule entry as the check reads it: its drug codes' matcher, its test, its variants' keys. */
interface EntryRead {
  readonly matcher: CodeIndex<true>;
  readonly test: string;
  /** null: any variant will do. */
  readonly variants: readonly string[] | null;
}

/** Rule entries read once each (rule sets are immutable). */
const entriesRead = new WeakMap<BiomarkerEntry, EntryRead>();

function entryRead(entry: BiomarkerEntry): EntryRead {
  let read = entriesRead.get(entry);
  if (read === undefined) {
    read = {
      matcher: codeSet(entry.codes),
      test: normalizeTest(entry.test),
      variants:
        entry.variants === undefined || entry.variants.length === 0
          ? null
          : entry.variants.flatMap(variantKeys),
    };
    entriesRead.set(entry, read);
  }
  return read;
}

/** A biomarker result's test and variant keys, read once per evidence item (claims are immutable). */
const resultsRead = new WeakMap<
  Biomarker,
  { readonly test: string; readonly variants: string[] }
>();

function resultRead(evidence: Biomarker): { readonly test: string; readonly variants: string[] } {
  let read = resultsRead.get(evidence);
  if (read === undefined) {
    read = { test: normalizeTest(evidence.test), variants: variantKeys(evidence.variant ?? '') };
    resultsRead.set(evidence, read);
  }
  return read;
}

function biomarkerMeets(entry: BiomarkerEntry, evidence: Evidence): boolean {
  if (evidence.kind !== 'biomarker' || evidence.result !== entry.result) return false;
  const wanted = entryRead(entry);
  const shown = resultRead(evidence);
  if (shown.test !== wanted.test) return false;
  const required = wanted.variants;
  if (required === null) return true;
  return shown.variants.some((v) => required.some((r) => variantSatisfies(v, r)));
}

function describeEntry(entry: BiomarkerEntry): string {
  const variants =
    entry.variants === undefined || entry.variants.length === 0
      ? ''
      : ` (${entry.variants.join(' / ')})`;
  return `${entry.test} ${entry.result}${variants}`;
}

function biomarkerRequired(
  rule: RuleOf<'biomarker_required'>,
  input: ReviewInput,
  scope: CheckScope,
): Hit[] {
  const hits: Hit[] = [];
  const evidenceOn = perDate((date) =>
    evidenceUpTo(input, priorsAround(input, scope, date).priors, date),
  );
  for (const i of scope.lines) {
    const line = lineAt(input.claim, i);
    const entries = rule.check.drugs.filter((d) => entryRead(d).matcher.has(line.code));
    if (entries.length === 0) continue;
    const seen = evidenceOn(line.date);
    // Any one of the line's entries met is enough (a drug with two indications names two tests).
    if (entries.some((e) => seen.some((s) => biomarkerMeets(e, s.evidence)))) continue;
    const tests = new Set(entries.map((e) => entryRead(e).test));
    const related: Seen[] = [];
    const found: string[] = [];
    for (const s of seen) {
      const e = s.evidence;
      if (e.kind !== 'biomarker' || !tests.has(resultRead(e).test)) continue;
      related.push(s);
      found.push(biomarkerText(e));
    }
    const window = scope.window(line.date);
    const required = entries.map(describeEntry);
    hits.push({
      lineIds: [line.id],
      evidence: {
        code: line.code,
        name: line.name,
        date: line.date,
        required,
        found,
        windowFrom: window.from,
        windowTo: line.date,
        otherClaims: otherClaims(related),
      },
      zh: `${line.name}（${line.code}）需有 ${required.join(' 或 ')} 的基因检测结果（${line.date} 前），${found.length === 0 ? '未见检测结果' : `所见：${found.join('；')}`}`,
      en: `${line.name} (${line.code}) needs a biomarker result of ${required.join(' or ')} dated on or before ${line.date}; ${found.length === 0 ? 'none was found' : `found: ${found.join('; ')}`}`,
    });
  }
  return hits;
}

// — primary_formulary —

function primaryFormulary(
  rule: RuleOf<'primary_formulary'>,
  input: ReviewInput,
  scope: CheckScope,
): Hit[] {
  const { claim } = input;
  const tier = claim.institution.tier;
  if (!rule.check.tiers.includes(tier)) return [];
  const formulary = input.primaryCareFormulary;
  const hits: Hit[] = [];
  for (const i of scope.lines) {
    const line = lineAt(claim, i);
    if (!rule.check.itemKinds.includes(line.kind)) continue;
    const decision = decisionOf(input, i);
    // Out-of-catalog items are the out-of-catalog rule's; an approval (the lead hospital's) opens it.
    if (decision.itemId === null || decision.coverageClass === 'C') continue;
    if (decision.approval !== null) continue;
    const outside =
      formulary === undefined
        ? decision.reasons.some((r) => r.code === 'coverage.outside_primary_care_formulary')
        : formulary !== null && !formulary.has(decision.itemId);
    if (!outside) continue;
    hits.push({
      lineIds: [line.id],
      evidence: {
        code: line.code,
        name: line.name,
        itemId: decision.itemId,
        tier,
        institution: claim.institution.code,
        outcome: decision.outcome,
      },
      zh: `${claim.institution.name}（${tier}）开具的 ${line.name}（${line.code}）不在基层用药目录内，且无牵头医院审批`,
      en: `${line.name} (${line.code}) prescribed at ${claim.institution.name} (${tier}) is outside the primary-care formulary, without the lead hospital's approval`,
    });
  }
  return hits;
}

// — long_prescription —

/** Which claims it reviews (outpatient and pharmacy prescriptions) is the rule's `scenarios`. */
function longPrescription(
  rule: RuleOf<'long_prescription'>,
  input: ReviewInput,
  scope: CheckScope,
): Hit[] {
  const { claim } = input;
  // No line longer than the shortest limit: nothing to find (the common case, read cheaply).
  let shortest = rule.check.maxDays;
  for (const c of rule.check.conditions) shortest = Math.min(shortest, c.maxDays);
  if (!scope.lines.some((i) => (claim.lines[i]?.daysSupply ?? 0) > shortest)) return [];
  const codes = claimFacts(claim).diagnosisCodes;
  const conditions = rule.check.conditions.filter((c) => diagnosesMatch(c.diagnoses, codes));
  const limit =
    conditions.length === 0 ? rule.check.maxDays : Math.max(...conditions.map((c) => c.maxDays));
  const hits: Hit[] = [];
  for (const i of scope.lines) {
    const line = lineAt(claim, i);
    if (line.daysSupply === undefined || line.daysSupply <= limit) continue;
    const matched = conditions.flatMap((c) => c.diagnoses);
    hits.push({
      lineIds: [line.id],
      evidence: {
        code: line.code,
        name: line.name,
        daysSupply: String(line.daysSupply),
        maxDays: String(limit),
        generalMaxDays: String(rule.check.maxDays),
        chronicConditions: matched,
        diagnoses: [...codes],
      },
      zh: `${line.name}（${line.code}）处方 ${line.daysSupply} 天，超过长处方上限 ${limit} 天${conditions.length === 0 ? '' : `（慢病 ${matched.join('、')}）`}`,
      en: `${line.name} (${line.code}) is prescribed for ${line.daysSupply} days, over the long-prescription limit of ${limit} days${conditions.length === 0 ? '' : ` (chronic condition ${matched.join(', ')})`}`,
    });
  }
  return hits;
}

// — plan_cost_threshold —

function planCostThreshold(
  rule: RuleOf<'plan_cost_threshold'>,
  input: ReviewInput,
  scope: CheckScope,
): Hit[] {
  const { claim } = input;
  if (scope.lines.length === 0) return [];
  const lines = scope.lines.map((i) => lineAt(claim, i));
  const threshold = rule.check.threshold;
  const total = Money.sum(
    lines.map((l) => l.amount),
    threshold.currency,
  );
  if (!total.greaterThan(threshold)) return [];
  if (lines.some((l) => l.approvalRef !== undefined)) return [];
  if (scope.lines.some((i) => (findDecision(input, i)?.approval ?? null) !== null)) return [];
  const names = [...new Set(lines.map((l) => l.name))];
  return [
    {
      lineIds: lines.map((l) => l.id),
      evidence: {
        codes: lines.map((l) => l.code),
        total: money(total),
        threshold: money(threshold),
        lines: String(lines.length),
      },
      zh: `联合用药方案（${names.join('、')}）费用 ${money(total)} 元，超过 ${money(threshold)} 元，未经审批`,
      en: `the combination plan (${names.join(', ')}) costs ${money(total)} yuan, over ${money(threshold)} yuan, without an approval`,
    },
  ];
}

// — daily_drug_cost —

function dailyDrugCost(
  rule: RuleOf<'daily_drug_cost'>,
  input: ReviewInput,
  _scope: CheckScope,
): Hit[] {
  const { claim } = input;
  const principal = claim.diagnoses.find((d) => d.role === 'principal');
  if (principal === undefined) return [];
  // The principal diagnosis's codes, read as the catalog reads a claim's (dagger-asterisk pairs).
  const codes = codesOfDiagnosis(principal.code);
  const group = rule.check.groups.find((g) => diagnosesMatch(g.diagnoses, codes));
  if (group === undefined) return [];
  const drugs = claim.lines.filter((l) => l.kind === 'drug');
  if (drugs.length === 0) return [];
  const standard = group.dailyStandard;
  const total = Money.sum(
    drugs.map((l) => l.amount),
    standard.currency,
  );
  const days =
    claim.type === 'inpatient' ? lengthOfStay(claim.admissionDate, serviceDateOf(claim)) : 1;
  // Compared exactly (total against standard × days); the daily figure is for reading.
  if (!total.greaterThan(standard.multiply(new Decimal(days)))) return [];
  const daily = total.amount.div(days).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  return [
    {
      lineIds: drugs.map((l) => l.id),
      evidence: {
        group: group.id,
        groupName: group.name,
        principalDiagnosis: principal.code,
        drugTotal: money(total),
        days: String(days),
        dailyCost: daily,
        dailyStandard: money(standard),
      },
      zh: `日均药费 ${daily} 元（药费 ${money(total)} 元 / ${days} 天），超过 ${group.name} 的标准 ${money(standard)} 元`,
      en: `the daily drug cost of ${daily} yuan (${money(total)} yuan over ${days} days) exceeds ${group.name}'s standard of ${money(standard)} yuan`,
    },
  ];
}

// — exit_rule —

interface ScoreSeen extends Seen {
  readonly value: Decimal;
}

/**
 * The first day of the therapy a line of `date` belongs to: the earliest line of the rule's items
 * in this claim, or in `priors` from the window's first day `from`.
 */
function therapyStart(
  input: ReviewInput,
  scope: CheckScope,
  date: CalendarDate,
  { from, priors }: ReturnType<typeof priorsAround>,
): CalendarDate {
  let start = date;
  for (const i of scope.lines) {
    const line = lineAt(input.claim, i);
    if (line.date < start) start = line.date;
  }
  for (const prior of priors) {
    for (const line of prior.claim.lines) {
      if (line.date >= from && line.date < start && scope.matches(line.code)) start = line.date;
    }
  }
  return start;
}

function exitRule(rule: RuleOf<'exit_rule'>, input: ReviewInput, scope: CheckScope): Hit[] {
  const hits: Hit[] = [];
  const { scores, labs } = rule.check;
  // The history is read once per date, for both the evidence and the therapy's start.
  const readOn = perDate((date) => {
    const around = priorsAround(input, scope, date);
    return {
      seen: evidenceUpTo(input, around.priors, date),
      start: therapyStart(input, scope, date, around),
    };
  });
  for (const i of scope.lines) {
    const line = lineAt(input.claim, i);
    const { seen, start } = readOn(line.date);
    for (const s of scores) {
      const instrument = normalizeTest(s.instrument);
      const values: ScoreSeen[] = [];
      for (const item of seen) {
        const e = item.evidence;
        if (e.kind !== 'score' || normalizeTest(e.instrument) !== instrument) continue;
        const value = decimalOf(e.value);
        if (value !== null) values.push({ ...item, value });
      }
      const baseline = latest(values.filter((v) => v.evidence.date <= start));
      const due = addDays(start, s.afterDays);
      const followUp = latest(values.filter((v) => v.evidence.date >= due));
      if (baseline === null || followUp === null) continue;
      const drop = baseline.value.minus(followUp.value);
      if (!drop.lt(s.minDrop)) continue;
      hits.push({
        lineIds: [line.id],
        evidence: {
          code: line.code,
          name: line.name,
          instrument: s.instrument,
          therapyStart: start,
          baseline: baseline.value.toFixed(),
          baselineDate: baseline.evidence.date,
          followUp: followUp.value.toFixed(),
          followUpDate: followUp.evidence.date,
          drop: drop.toFixed(),
          minDrop: s.minDrop.toFixed(),
          afterDays: String(s.afterDays),
          otherClaims: otherClaims([baseline, followUp]),
        },
        zh: `${line.name}（${line.code}）自 ${start} 用药，${s.instrument} 由 ${baseline.value.toFixed()}（${baseline.evidence.date}）降至 ${followUp.value.toFixed()}（${followUp.evidence.date}），降幅 ${drop.toFixed()} 小于 ${s.minDrop.toFixed()}，应按退出规则停药`,
        en: `${line.name} (${line.code}), started ${start}: ${s.instrument} went from ${baseline.value.toFixed()} (${baseline.evidence.date}) to ${followUp.value.toFixed()} (${followUp.evidence.date}), a drop of ${drop.toFixed()}, less than ${s.minDrop.toFixed()}; the exit rule says stop`,
      });
    }
    for (const l of labs) {
      const test = normalizeTest(l.test);
      const last = latest(
        seen.filter(
          (item) => item.evidence.kind === 'lab' && normalizeTest(item.evidence.test) === test,
        ),
      );
      if (last === null || last.evidence.kind !== 'lab') continue;
      const value = decimalOf(last.evidence.value);
      const upper = decimalOf(last.evidence.upperLimitOfNormal);
      if (value === null || upper === null || !upper.gt(0)) continue;
      const limit = upper.times(l.maxTimesUpperLimit);
      if (!value.gt(limit)) continue;
      const times = value.div(upper).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
      hits.push({
        lineIds: [line.id],
        evidence: {
          code: line.code,
          name: line.name,
          test: l.test,
          value: value.toFixed(),
          unit: last.evidence.unit,
          upperLimitOfNormal: upper.toFixed(),
          timesUpperLimit: times,
          maxTimesUpperLimit: l.maxTimesUpperLimit.toFixed(),
          labDate: last.evidence.date,
          therapyStart: start,
          otherClaims: otherClaims([last]),
        },
        zh: `${line.name}（${line.code}）：${l.test} ${value.toFixed()} ${last.evidence.unit}（${last.evidence.date}）为正常上限 ${upper.toFixed()} 的 ${times} 倍，超过 ${l.maxTimesUpperLimit.toFixed()} 倍，应按退出规则停药`,
        en: `${line.name} (${line.code}): ${l.test} ${value.toFixed()} ${last.evidence.unit} (${last.evidence.date}) is ${times}× the upper limit of normal ${upper.toFixed()}, over ${l.maxTimesUpperLimit.toFixed()}×; the exit rule says stop`,
      });
    }
  }
  return hits;
}

// — suspended_prescriber —

type Suspension = RuleOf<'suspended_prescriber'>['check']['suspensions'][number];

/** Suspensions by prescriber, indexed once per rule (a rule set may list many). */
const suspensionIndex = new WeakMap<object, ReadonlyMap<string, readonly Suspension[]>>();

function suspensionsOf(
  check: RuleOf<'suspended_prescriber'>['check'],
): ReadonlyMap<string, readonly Suspension[]> {
  let index = suspensionIndex.get(check);
  if (index === undefined) {
    const built = new Map<string, Suspension[]>();
    for (const s of check.suspensions) {
      const list = built.get(s.prescriberId);
      if (list === undefined) built.set(s.prescriberId, [s]);
      else list.push(s);
    }
    index = built;
    suspensionIndex.set(check, index);
  }
  return index;
}

function suspendedPrescriber(
  rule: RuleOf<'suspended_prescriber'>,
  input: ReviewInput,
  scope: CheckScope,
): Hit[] {
  const { claim } = input;
  const index = suspensionsOf(rule.check);
  if (index.size === 0) return [];
  const hits: Hit[] = [];
  for (const i of scope.lines) {
    const line = lineAt(claim, i);
    const prescriber = line.prescriber ?? claim.attendingPrescriber;
    if (prescriber === undefined) continue;
    // `to` is the first day the rights are back (as a rule's `to`).
    const suspension = index
      .get(prescriber.id)
      ?.find((s) => s.from <= line.date && (s.to === null || line.date < s.to));
    if (suspension === undefined) continue;
    const until = suspension.to === null ? '' : `，至 ${suspension.to} 恢复`;
    hits.push({
      lineIds: [line.id],
      evidence: {
        code: line.code,
        name: line.name,
        prescriberId: prescriber.id,
        date: line.date,
        suspendedFrom: suspension.from,
        suspendedTo: suspension.to,
        reason: suspension.reason === undefined ? null : suspension.reason,
      },
      zh: `${line.name}（${line.code}）由医保处方权已暂停的医师 ${prescriber.id} 于 ${line.date} 开具（自 ${suspension.from} 暂停${until}）`,
      en: `${line.name} (${line.code}) was prescribed on ${line.date} by ${prescriber.id}, whose insurance prescribing rights are suspended from ${suspension.from}${suspension.to === null ? '' : ` until ${suspension.to}`}`,
    });
  }
  return hits;
}

export const LISTED_CHECKS: Pick<Checks, Kind> = {
  out_of_catalog: outOfCatalog,
  restriction_not_met: restrictionNotMet,
  biomarker_required: biomarkerRequired,
  primary_formulary: primaryFormulary,
  long_prescription: longPrescription,
  plan_cost_threshold: planCostThreshold,
  daily_drug_cost: dailyDrugCost,
  exit_rule: exitRule,
  suspended_prescriber: suspendedPrescriber,
};
