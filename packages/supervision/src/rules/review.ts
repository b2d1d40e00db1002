import type { LineDecision } from '@openpayer/catalog';
import {
  type CalendarDate,
  type Claim,
  type ClaimLine,
  type EvidenceValue,
  type Finding,
  type RegionCode,
  type ReviewStage,
  addDays,
  isWithinRegion,
  serviceDateOf,
} from '@openpayer/domain';
import { clipEvidence, clipText } from './checks/evidence.ts';
import { CHECKS, GATES, LINE_PASSES } from './checks/index.ts';
import { CodeIndex, codeSet } from './code-index.ts';
import type {
  Rule,
  RuleCheck,
  RuleCheckKind,
  RuleScenario,
  RuleSet,
  RuleWindow,
} from './rule-set.ts';

/**
 * Running a rule set over one claim: which rules apply (in force on the service date, for the
 * person's region and insurance type, the claim's scenario and the stage), which lines each rule's
 * items match, then each rule's check. Pure and deterministic: findings come in rule order, then in
 * the order the check reports them; the same claim, history and rule set give the same findings.
 */

/** One of the person's earlier claims, as stored (with its settlement when it has one). */
export interface PriorClaim {
  readonly claim: Claim;
  readonly settlementId: string | null;
}

/**
 * The person's earlier claims that a review may read (cross-claim rules: duplicates, repeated
 * tests, courses, exit rules). The caller loads them for `lookbackDays(ruleSet)` before the
 * service date; the claim under review is never among them.
 */
export interface PersonHistory {
  /** Earlier claims with a line or a service date in [from, to] (inclusive), oldest first. */
  claimsBetween(from: CalendarDate, to: CalendarDate): readonly PriorClaim[];
  /**
   * Whether a line dated in [from, to] of an earlier claim other than `claimId` bills a code
   * `test` accepts: what the gates ask of the history, answered without building the claims when
   * the history can (a batch's packed store). Absent: read from `claimsBetween`.
   */
  someLineCode?(
    from: CalendarDate,
    to: CalendarDate,
    claimId: string,
    test: (code: string) => boolean,
  ): boolean;
}

/** No earlier claims: one shared empty answer. */
const NONE: readonly PriorClaim[] = Object.freeze([]);

export const NO_HISTORY: PersonHistory = { claimsBetween: () => NONE };

/** A history over a list of claims already loaded (the API's ledger read, a batch's memory). */
export function historyOf(claims: readonly PriorClaim[]): PersonHistory {
  if (claims.length === 0) return NO_HISTORY;
  // Each claim's first and last day (its lines may fall outside admission and discharge), once.
  const spans = claims
    .map((prior) => ({ prior, ...claimSpan(prior.claim) }))
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  // The last day of any of them: a window after it (the usual read: earlier claims, and a
  // window that ends on this claim's days) finds nothing, told at once.
  let latest = (spans[0] as (typeof spans)[number]).last;
  for (const s of spans) if (s.last > latest) latest = s.last;
  return {
    claimsBetween(from, to) {
      if (latest < from) return NONE;
      let out: PriorClaim[] | undefined;
      for (const s of spans) {
        if (s.first > to) break;
        if (s.last >= from) (out ??= []).push(s.prior);
      }
      return out ?? NONE;
    },
  };
}

/**
 * A claim's first and last day: admission (or visit) to service date, widened to its lines' dates
 * (a line may be dated outside them). The days a history's window test reads.
 */
export function claimSpan(claim: Claim): {
  readonly first: CalendarDate;
  readonly last: CalendarDate;
} {
  let first = claim.admissionDate;
  let last = serviceDateOf(claim);
  for (const line of claim.lines) {
    if (line.date < first) first = line.date;
    if (line.date > last) last = line.date;
  }
  return { first, last };
}

export interface ReviewInput {
  readonly claim: Claim;
  readonly stage: ReviewStage;
  /** The catalog's decision for each line, in line order (what settlement computed). */
  readonly decisions: readonly LineDecision[];
  readonly history: PersonHistory;
  /**
   * The release's primary-care formulary (item ids; `CatalogIndex.formulary`), for rules that judge
   * lines against it at tiers the coverage decision does not; absent: read the decisions' reasons.
   */
  readonly primaryCareFormulary?: ReadonlySet<string> | null | undefined;
}

/** What a check reports: the lines it concerns, what it read, and why, in both languages. */
export interface Hit {
  readonly lineIds: readonly string[];
  readonly evidence: Readonly<Record<string, EvidenceValue>>;
  readonly zh: string;
  readonly en: string;
}

/** A rule whose check is of kind `K`. */
export type RuleOf<K extends RuleCheckKind> = Rule & {
  readonly check: Extract<RuleCheck, { kind: K }>;
};

/** What a check is given beside the rule and the input. */
export interface CheckScope {
  /** Indexes of the claim's lines whose code the rule's items match (all lines for rules without items). */
  readonly lines: readonly number[];
  /** The window's first and last day around `date` (a line's date; the service date by default). */
  window(date?: CalendarDate): { readonly from: CalendarDate; readonly to: CalendarDate };
  /** Whether `code` is one of the rule's items (code or code prefix); false for rules without items. */
  matches(code: string): boolean;
}

export type Check<K extends RuleCheckKind> = (
  rule: RuleOf<K>,
  input: ReviewInput,
  scope: CheckScope,
) => readonly Hit[];

export type Checks = { readonly [K in RuleCheckKind]: Check<K> };

/**
 * Whether any rule of a kind could hit a claim: closed answers for all of them at once, so the
 * usual claim skips them without running each (a claim that bills no main item of any
 * duplicate-charge pair, in itself or its history). Open only means "run them". Asked in two
 * parts, so a claim's lines are looked up once: what a line's code says by itself (remembered per
 * code with the rules it names), then, when no line opened it, the person's history.
 */
export interface Gate {
  /** Whether a line billing `code` opens the gate, whatever else the claim holds. */
  opensOn(code: string): boolean;
  /** Whether the person's history opens it, for a claim whose lines run from `first` to `last`. */
  opensInHistory(input: ReviewInput, first: CalendarDate, last: CalendarDate): boolean;
}

/** The kinds that have a gate, each made once per compiled rule set from its rules of the kind. */
export type Gates = { readonly [K in RuleCheckKind]?: (rules: readonly RuleOf<K>[]) => Gate };

/**
 * Whether a rule certainly has no hit on one line of a claim, told from the claim and the line
 * alone (the person's sex and age, the institution's tier, the setting, the scheme). The check of a
 * kind that has one reports a hit for exactly the lines in scope it answers false for; so review
 * gives such a check only those lines, and skips a rule whose every line passes (the usual case)
 * without running it.
 */
export type LinePass<K extends RuleCheckKind> = (
  rule: RuleOf<K>,
  claim: Claim,
  line: ClaimLine,
) => boolean;

export type LinePasses = { readonly [K in RuleCheckKind]?: LinePass<K> };

/** The item codes or prefixes a rule's check is about, when it is about items. */
export function itemsOf(check: RuleCheck): readonly string[] | null {
  switch (check.kind) {
    case 'times_per_window':
    case 'plan_cost_threshold':
    case 'exit_rule':
    case 'item_sex':
    case 'item_age':
    case 'item_tier':
    case 'item_setting':
    case 'item_course':
    case 'item_scheme':
    case 'item_frequency':
    case 'secondary_procedure':
      return check.items;
    case 'biomarker_required':
      return check.drugs.flatMap((d) => d.codes);
    case 'duplicate_charge':
      // Only a secondary line can be a duplicate charge; the check finds its main item in the
      // claim and the person's history itself.
      return check.pairs.map((p) => p.secondary);
    default:
      return null;
  }
}

interface CompiledRule {
  /** The rule's place in its set: findings come in this order. */
  readonly index: number;
  readonly rule: Rule;
  /** null: the rule is about the whole claim, not some items. */
  readonly matcher: CodeIndex<true> | null;
  /** Its kind's check. */
  readonly check: Check<RuleCheckKind>;
  /** Its kind's `LinePass`, when the kind has one. */
  readonly passes: LinePass<RuleCheckKind> | null;
  /** Its kind's gate, as an index into the set's `gates`; -1 when the kind has none (see `Gate`). */
  readonly gate: number;
}

/** A rule set made ready to review many claims (its item codes indexed once). */
export interface CompiledRuleSet {
  readonly ruleSet: RuleSet;
  readonly rules: readonly CompiledRule[];
  /** How many days before a service date the rules may read (the history a caller loads). */
  readonly lookbackDays: number;
  /** The rules about the whole claim (no items): each is considered for every claim. */
  readonly claimRules: readonly CompiledRule[];
  /** Item rules by each code or code prefix they name. */
  readonly byCode: CodeIndex<CompiledRule>;
  /**
   * What a line code finds, remembered per code (claims bill the same items again and again):
   * the item rules of `byCode` (every prefix looked up) and the gates the code opens. Bounded by
   * `RULES_OF_CODE_LIMIT`.
   */
  readonly rulesOfCode: Map<string, CodeRules>;
  /** The gates of the kinds the set has rules of (see `Gate`), one per kind. */
  readonly gates: readonly Gate[];
}

/** Codes remembered by a compiled rule set before the memo starts afresh (a bound on memory). */
const RULES_OF_CODE_LIMIT = 50_000;

/** What a line's code finds in a compiled rule set (see `rulesOfCode`). */
interface CodeRules {
  /** The item rules whose items match the code, each once, in rule order. */
  readonly rules: readonly CompiledRule[];
  /**
   * The gates a line billing the code opens by itself: bit `g` for `gates[g]` (a gate per kind
   * at most, fewer than the bits of a number).
   */
  readonly opens: number;
}

/** What `code` finds in `compiled` (see `CodeRules`), looked up once per code. */
function rulesOfCode(compiled: CompiledRuleSet, code: string): CodeRules {
  const remembered = compiled.rulesOfCode.get(code);
  if (remembered !== undefined) return remembered;
  const rules: CompiledRule[] = [];
  compiled.byCode.forEach(code, (found) => {
    for (const rule of found) if (!rules.includes(rule)) rules.push(rule);
  });
  rules.sort((a, b) => a.index - b.index);
  let opens = 0;
  compiled.gates.forEach((gate, g) => {
    if (gate.opensOn(code)) opens |= 1 << g;
  });
  const entry: CodeRules = { rules, opens };
  if (compiled.rulesOfCode.size >= RULES_OF_CODE_LIMIT) compiled.rulesOfCode.clear();
  compiled.rulesOfCode.set(code, entry);
  return entry;
}

export function compileRuleSet(ruleSet: RuleSet): CompiledRuleSet {
  let lookbackDays = 0;
  const claimRules: CompiledRule[] = [];
  const byCode = new CodeIndex<CompiledRule>();
  // Each gated kind's place among the gates, and its rules.
  const gated = new Map<RuleCheckKind, { readonly gate: number; readonly rules: Rule[] }>();
  const rules = ruleSet.rules.map((rule, index) => {
    const { kind } = rule.check;
    let gate = -1;
    if (GATES[kind] !== undefined) {
      let entry = gated.get(kind);
      if (entry === undefined) {
        entry = { gate: gated.size, rules: [] };
        gated.set(kind, entry);
      }
      entry.rules.push(rule);
      gate = entry.gate;
    }
    lookbackDays = Math.max(lookbackDays, windowDays(rule.window));
    const items = itemsOf(rule.check);
    const compiled: CompiledRule = {
      index,
      rule,
      matcher: items === null ? null : codeSet(items),
      check: CHECKS[kind] as Check<RuleCheckKind>,
      passes: (LINE_PASSES[kind] as LinePass<RuleCheckKind> | undefined) ?? null,
      gate,
    };
    if (items === null) claimRules.push(compiled);
    else for (const code of items) byCode.add(code, compiled);
    return compiled;
  });
  return {
    ruleSet,
    rules,
    lookbackDays,
    claimRules,
    byCode,
    rulesOfCode: new Map(),
    // In gate order: a Map keeps its keys in insertion order.
    gates: [...gated].map(([kind, entry]) =>
      (GATES[kind] as (rules: readonly Rule[]) => Gate)(entry.rules),
    ),
  };
}

/** How many days before a service date the rule sets may read: the history to load for them. */
export function lookbackOf(ruleSets: readonly CompiledRuleSet[]): number {
  let days = 0;
  for (const r of ruleSets) days = Math.max(days, r.lookbackDays);
  return days;
}

/** A rule that may hit a claim, and the claim's lines it may hit. */
interface Candidate {
  readonly rule: CompiledRule;
  readonly lines: readonly number[];
}

/** No candidates: one shared answer for the usual claim. */
const NO_CANDIDATES: readonly Candidate[] = Object.freeze([]);

/**
 * The rules a claim may trip, in rule order, each with the indexes of the lines its items match:
 * the claim rules, and the item rules found by looking each line's code and its prefixes up in
 * the index (a claim of 15 lines against the national rule base's 1,577 rules looks up some 45
 * keys instead of testing every rule). A rule whose kind has a `LinePass` keeps only the lines
 * that fail it, and is left out when none does; an item rule whose kind's gate is closed for the
 * claim is left out too.
 */
function candidatesOf(
  compiled: CompiledRuleSet,
  claim: Claim,
  gates: GateAnswers,
): readonly Candidate[] {
  const { claimRules } = compiled;
  const all = allLines(claim.lines.length);
  if (compiled.byCode.size === 0) return claimRulesOnly(claimRules, all);
  const found = gates.found();
  // Few rules match a claim: a list searched linearly beats a map here. Made when the first
  // rule comes up: most claims have none.
  let matched: { rule: CompiledRule; lines: number[] }[] | undefined;
  for (let i = 0; i < claim.lines.length; i++) {
    const line = claim.lines[i] as ClaimLine;
    for (const rule of (found[i] as CodeRules).rules) {
      if (rule.passes !== null && passesLine(rule, claim, line)) continue;
      if (rule.gate >= 0 && !gates.open(rule.gate)) continue;
      let entry: { rule: CompiledRule; lines: number[] } | undefined;
      for (const m of (matched ??= [])) {
        if (m.rule === rule) {
          entry = m;
          break;
        }
      }
      if (entry === undefined) matched.push({ rule, lines: [i] });
      else if (entry.lines[entry.lines.length - 1] !== i) entry.lines.push(i);
    }
  }
  if (matched === undefined) return claimRulesOnly(claimRules, all);
  // Each line's rules come in rule order; the lines' lists may interleave. Few and nearly in
  // order: sorted in place by insertion (Array.prototype.sort copies into a buffer of its own).
  for (let i = 1; i < matched.length; i++) {
    const entry = matched[i] as (typeof matched)[number];
    let j = i - 1;
    while (j >= 0 && (matched[j] as (typeof matched)[number]).rule.index > entry.rule.index) {
      matched[j + 1] = matched[j] as (typeof matched)[number];
      j--;
    }
    matched[j + 1] = entry;
  }
  if (claimRules.length === 0) return matched;
  // Merged with the claim rules (in rule order) by rule index.
  const out: Candidate[] = [];
  let k = 0;
  for (const rule of claimRules) {
    while (k < matched.length && (matched[k]?.rule.index ?? 0) < rule.index) {
      out.push(matched[k] as (typeof matched)[number]);
      k++;
    }
    out.push({ rule, lines: all });
  }
  while (k < matched.length) out.push(matched[k++] as (typeof matched)[number]);
  return out;
}

/** The candidates when no item rule came up: the claim rules, each on every line. */
function claimRulesOnly(
  claimRules: readonly CompiledRule[],
  all: readonly number[],
): readonly Candidate[] {
  return claimRules.length === 0 ? NO_CANDIDATES : claimRules.map((rule) => ({ rule, lines: all }));
}

/**
 * What a claim's lines find in a compiled rule set (each line's code looked up once), and each
 * gate's answer for the claim, asked when a rule of its kind first comes up.
 */
class GateAnswers {
  private lines: CodeRules[] | undefined;
  /** The gates the claim's lines open by themselves (bits, as `CodeRules.opens`). */
  private opens = 0;
  /** The gates asked so far, and those of them open (bits, as `opens`). */
  private asked = 0;
  private opened = 0;

  constructor(
    private readonly compiled: CompiledRuleSet,
    private readonly input: ReviewInput,
  ) {}

  /** What each line's code finds, in line order. */
  found(): readonly CodeRules[] {
    if (this.lines === undefined) {
      const { lines: claimLines } = this.input.claim;
      // Made at its length: an array grown by push starts at room for 17.
      const lines = new Array<CodeRules>(claimLines.length);
      for (let i = 0; i < claimLines.length; i++) {
        const entry = rulesOfCode(this.compiled, (claimLines[i] as ClaimLine).code);
        this.opens |= entry.opens;
        lines[i] = entry;
      }
      this.lines = lines;
    }
    return this.lines;
  }

  /** The answer of `gates[gate]`. */
  open(gate: number): boolean {
    const bit = 1 << gate;
    if ((this.asked & bit) === 0) {
      this.found();
      this.asked |= bit;
      if ((this.opens & bit) !== 0 || this.inHistory(gate)) this.opened |= bit;
    }
    return (this.opened & bit) !== 0;
  }

  private inHistory(gate: number): boolean {
    const { lines } = this.input.claim;
    if (lines.length === 0 || this.input.history === NO_HISTORY) return false;
    let first = (lines[0] as ClaimLine).date;
    let last = first;
    for (const line of lines) {
      if (line.date < first) first = line.date;
      if (line.date > last) last = line.date;
    }
    return (this.compiled.gates[gate] as Gate).opensInHistory(this.input, first, last);
  }
}

/**
 * A rule's `LinePass` on a line; a pass that throws answers false, so the check runs and the
 * error becomes a finding of its own (as a check's error does).
 */
function passesLine(rule: CompiledRule, claim: Claim, line: ClaimLine): boolean {
  try {
    return rule.passes?.(rule.rule, claim, line) ?? false;
  } catch {
    return false;
  }
}

/** `[0, 1, …, n − 1]`, one shared list per length (every line of a claim of n lines). */
const ALL_LINES: (readonly number[])[] = [];
function allLines(n: number): readonly number[] {
  let lines = ALL_LINES[n];
  if (lines === undefined) {
    lines = Object.freeze(Array.from({ length: n }, (_, i) => i));
    if (n < 1000) ALL_LINES[n] = lines;
  }
  return lines;
}

/** Whether a rule with this window reads only the claim under review, never earlier claims. */
export function thisClaimOnly(kind: RuleWindow['kind']): boolean {
  return kind === 'visit' || kind === 'admission';
}

/** How many days before a service date `window` reaches (0: that day, or this claim only). */
export function windowDays(window: RuleWindow): number {
  switch (window.kind) {
    case 'days':
      return window.days;
    case 'year':
      return 366;
    default:
      return 0;
  }
}

/** The scenarios a claim is in: its setting, and cross-region when the care is outside the insured region. */
export function scenariosOf(claim: Claim): readonly RuleScenario[] {
  const setting: RuleScenario =
    claim.type === 'inpatient'
      ? 'inpatient'
      : claim.type === 'pharmacy'
        ? 'pharmacy'
        : 'outpatient';
  const home = claim.person.insuredRegion;
  const where = claim.institution.region;
  const crossRegion = !isWithinRegion(where, home) && !isWithinRegion(home, where);
  return (crossRegion ? ACROSS : WITHIN)[setting];
}

/** Each setting's scenarios, made once (a review asks for them once per claim). */
const WITHIN = {
  inpatient: Object.freeze(['inpatient']),
  outpatient: Object.freeze(['outpatient']),
  pharmacy: Object.freeze(['pharmacy']),
} as const satisfies Record<string, readonly RuleScenario[]>;
const ACROSS = {
  inpatient: Object.freeze(['inpatient', 'cross_region']),
  outpatient: Object.freeze(['outpatient', 'cross_region']),
  pharmacy: Object.freeze(['pharmacy', 'cross_region']),
} as const satisfies Record<string, readonly RuleScenario[]>;

/** What `ruleApplies` reads of a claim, computed once per review. */
interface ClaimScope {
  readonly date: CalendarDate;
  readonly region: RegionCode;
  readonly insuranceType: Claim['person']['insuranceType'];
  readonly scenarios: readonly RuleScenario[];
}

function claimScopeOf(claim: Claim): ClaimScope {
  return {
    date: serviceDateOf(claim),
    region: claim.person.insuredRegion,
    insuranceType: claim.person.insuranceType,
    scenarios: scenariosOf(claim),
  };
}

function appliesTo(rule: Rule, ruleSet: RuleSet, c: ClaimScope, stage: ReviewStage): boolean {
  if (c.date < rule.from || (rule.to !== null && c.date >= rule.to)) return false;
  if (!rule.stages.includes(stage)) return false;
  if (!rule.insuranceTypes.includes(c.insuranceType)) return false;
  const region = rule.region ?? ruleSet.region;
  if (region !== null && !isWithinRegion(c.region, region)) return false;
  for (const s of c.scenarios) if (rule.scenarios.includes(s)) return true;
  return false;
}

/** Whether `rule` reviews `claim` at `stage`. */
export function ruleApplies(
  rule: Rule,
  ruleSet: RuleSet,
  claim: Claim,
  stage: ReviewStage,
): boolean {
  return appliesTo(rule, ruleSet, claimScopeOf(claim), stage);
}

/** The first and last day of `window` around `date`, for a claim admitted on `admission`. */
export function windowAround(
  window: RuleWindow,
  date: CalendarDate,
  claim: Pick<Claim, 'admissionDate' | 'dischargeDate'>,
): { readonly from: CalendarDate; readonly to: CalendarDate } {
  switch (window.kind) {
    case 'visit':
    case 'admission':
      return { from: claim.admissionDate, to: serviceDateOf(claim) };
    case 'natural_day':
      return { from: date, to: date };
    case 'days':
      return { from: addDays(date, 1 - window.days), to: date };
    case 'year':
      return { from: `${date.slice(0, 4)}-01-01` as CalendarDate, to: date };
  }
}

function explainError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A check's scope: a class, so reviewing a claim makes no closures per rule. */
class RuleScope implements CheckScope {
  constructor(
    readonly lines: readonly number[],
    private readonly ruleWindow: RuleWindow,
    private readonly claim: Claim,
    private readonly matcher: CodeIndex<true> | null,
  ) {}

  window(date?: CalendarDate): { readonly from: CalendarDate; readonly to: CalendarDate } {
    return windowAround(this.ruleWindow, date ?? serviceDateOf(this.claim), this.claim);
  }

  matches(code: string): boolean {
    return this.matcher?.has(code) ?? false;
  }
}

/** Every finding of `compiled`'s rules on the claim at `input.stage`. */
export function review(compiled: CompiledRuleSet, input: ReviewInput): Finding[] {
  const { claim } = input;
  const findings: Finding[] = [];
  const gates = new GateAnswers(compiled, input);
  const candidates = candidatesOf(compiled, claim, gates);
  // Most claims bill nothing a rule could find: told without reading the claim's scope.
  if (candidates.length === 0) return findings;
  const facts = claimScopeOf(claim);
  for (const { rule: compiledRule, lines } of candidates) {
    const { rule, matcher } = compiledRule;
    // (Item rules of a closed gate are not among the candidates; claim rules are asked here.)
    if (compiledRule.gate >= 0 && !gates.open(compiledRule.gate)) continue;
    if (!appliesTo(rule, compiled.ruleSet, facts, input.stage)) continue;
    const scope = new RuleScope(lines, rule.window, claim, matcher);
    let hits: readonly Hit[];
    try {
      hits = compiledRule.check(rule, input, scope);
    } catch (error) {
      // A rule that cannot be evaluated on this claim is a finding of its own, never a crash.
      findings.push(
        findingOf(
          compiled.ruleSet,
          rule,
          input.stage,
          {
            lineIds: lines.map((i) => claim.lines[i]?.id ?? ''),
            evidence: { error: explainError(error) },
            zh: `规则 ${rule.code} 无法在此结算单上执行：${explainError(error)}`,
            en: `rule ${rule.code} could not be evaluated on this claim: ${explainError(error)}`,
          },
          { action: 'warn', resultType: 'suspicious' },
        ),
      );
      continue;
    }
    for (const hit of hits) findings.push(findingOf(compiled.ruleSet, rule, input.stage, hit));
  }
  return findings;
}

function findingOf(
  ruleSet: RuleSet,
  rule: Rule,
  stage: ReviewStage,
  hit: Hit,
  override?: Pick<Finding, 'action' | 'resultType'>,
): Finding {
  return {
    rule: { ruleSet: ruleSet.id, code: rule.code, version: rule.version, name: rule.name },
    category: rule.category,
    stage,
    severity: rule.severity,
    resultType: override?.resultType ?? rule.resultType,
    action: override?.action ?? rule.action,
    lineIds: hit.lineIds,
    // Within the finding's limits, whatever the check read (a finding must always store).
    evidence: clipEvidence(hit.evidence),
    explanation: { zh: clipText(hit.zh), en: clipText(hit.en) },
  };
}
