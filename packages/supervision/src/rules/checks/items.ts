import { stayDaysOf } from '@openpayer/catalog';
import {
  type CalendarDate,
  type Claim,
  type ClaimLine,
  type ClaimType,
  Decimal,
  type EvidenceValue,
  type InstitutionTier,
  type Scheme,
  type Sex,
  addDays,
  ageAt,
  compareDecimals,
  daysBetween,
} from '@openpayer/domain';
import { CodeIndex } from '../code-index.ts';
import {
  type CheckScope,
  type Checks,
  type Gate,
  type Gates,
  type Hit,
  type LinePass,
  type LinePasses,
  type ReviewInput,
  type RuleOf,
  thisClaimOnly,
} from '../review.ts';
import type { RuleWindow } from '../rule-set.ts';
import { lineAt } from './lines.ts';

/**
 * The rule base's item rules (药品规则库 / 项目规则库): duplicate charges (重复收费), repeated items
 * in a period (限定周期), sex / age / tier / setting / scheme restrictions, course limits (限定疗程),
 * daily frequency (限定频次) and secondary procedures (限定主次操作). Every limit, list and window
 * is the rule's data; each check reports its hits in line order.
 *
 * Windows. `visit` and `admission` are this claim only. `natural_day`, `days N` and `year` also
 * read the person's earlier claims (`input.history`): the lines of those claims dated in the
 * window count as if billed before every line of this claim on the same day. A counting rule
 * (times_per_window, item_frequency, item_course) counts, for each line, what was billed in the
 * window up to and including that line (history first, then this claim by date and line order),
 * so the first lines within the limit pass and only the lines that go over are hits.
 */

/** A line billed, in this claim (`claimId` null, `index` its position) or in an earlier claim. */
interface Billed {
  readonly line: ClaimLine;
  readonly claimId: string | null;
  readonly index: number;
}

/** The claim's lines in scope as billed entries, in line order. */
function scoped(claim: Claim, scope: CheckScope): Billed[] {
  return scope.lines.map((index) => ({ line: lineAt(claim, index), claimId: null, index }));
}

/** The smallest span that holds every span added: what one read of the history must cover. */
class Hull {
  from: CalendarDate | null = null;
  to: CalendarDate | null = null;

  add(span: Span | null): void {
    if (span === null) return;
    if (this.from === null || span.from < this.from) this.from = span.from;
    if (this.to === null || span.to > this.to) this.to = span.to;
  }
}

/**
 * Visits the lines of the person's earlier claims dated in [from, to], in the order the history
 * gives the claims (oldest first), then line order, until `visit` answers true; answers whether
 * it did. The claim under review is skipped should the history hold it (a re-review of a stored
 * claim).
 */
function someHistoryLine(
  input: ReviewInput,
  from: CalendarDate,
  to: CalendarDate,
  visit: (line: ClaimLine, claimId: string, index: number) => boolean,
): boolean {
  return walkHistory(input, from, to, visit, null);
}

/**
 * The one walk of `someHistoryLine`, asking `visit` of each line, or `code` of its code alone:
 * the code's ask needs no closure around it (the duplicate-charge gate asks once per claim).
 */
function walkHistory(
  input: ReviewInput,
  from: CalendarDate,
  to: CalendarDate,
  visit: ((line: ClaimLine, claimId: string, index: number) => boolean) | null,
  code: ((code: string) => boolean) | null,
): boolean {
  for (const prior of input.history.claimsBetween(from, to)) {
    if (prior.claim.id === input.claim.id) continue;
    const { lines } = prior.claim;
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index] as ClaimLine;
      if (line.date < from || line.date > to) continue;
      if (visit === null ? code?.(line.code) === true : visit(line, prior.claim.id, index))
        return true;
    }
  }
  return false;
}

/**
 * Whether a line of the person's earlier claims dated in [from, to] bills a code `test` accepts
 * (the claim under review skipped, as `someHistoryLine` does), by the history's own
 * `someLineCode` when it has one.
 */
function someHistoryCode(
  input: ReviewInput,
  from: CalendarDate,
  to: CalendarDate,
  test: (code: string) => boolean,
): boolean {
  const { history } = input;
  if (history.someLineCode !== undefined) {
    return history.someLineCode(from, to, input.claim.id, test);
  }
  return walkHistory(input, from, to, null, test);
}

/** The lines of the person's earlier claims dated in [from, to] whose code `matches`, in order. */
function historyLines(
  input: ReviewInput,
  from: CalendarDate,
  to: CalendarDate,
  matches: (code: string) => boolean,
): Billed[] {
  const out: Billed[] = [];
  someHistoryLine(input, from, to, (line, claimId, index) => {
    if (matches(line.code)) out.push({ line, claimId, index });
    return false;
  });
  return out;
}

/**
 * The order billed lines count in: by date; on one day the earlier claims' lines before this
 * claim's (a stable sort keeps the history's claim order and every claim's line order).
 */
function countingOrder(a: Billed, b: Billed): number {
  if (a.line.date !== b.line.date) return a.line.date < b.line.date ? -1 : 1;
  if ((a.claimId === null) === (b.claimId === null)) return 0;
  return a.claimId === null ? 1 : -1;
}

function distinctClaims(entries: readonly Billed[]): string[] {
  const ids = new Set<string>();
  for (const e of entries) if (e.claimId !== null) ids.add(e.claimId);
  return [...ids];
}

/**
 * At most this many line ids are listed in a finding's evidence (the most recent ones; the
 * finding's evidence lists hold 500 at most). A presentation bound, not a policy number: the
 * count itself is always given in full.
 */
const LISTED_LINES = 100;

/** The lines a counting rule counted: how many, the most recent ids, the other claims among them. */
function countedEvidence(entries: readonly Billed[]): Record<string, EvidenceValue> {
  return {
    countedLines: String(entries.length),
    countedLineIds: entries.slice(-LISTED_LINES).map((e) => e.line.id),
    otherClaims: distinctClaims(entries),
  };
}

interface Span {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/** What was billed in a line's window up to and including the line. */
interface Tally {
  readonly line: Billed;
  readonly window: Span;
  /** The sum of the quantities. */
  readonly quantity: Decimal;
  /** Days of therapy: the days supplied, plus one per distinct date of the lines without a supply. */
  readonly days: number;
  /** The lines counted are `run[start..end)`, in counting order (see `countedLines`). */
  readonly run: readonly Billed[];
  readonly start: number;
  readonly end: number;
}

/** The lines a tally counted, in counting order (made only for a hit's evidence). */
function countedLines(tally: Tally): readonly Billed[] {
  return tally.run.slice(tally.start, tally.end);
}

/**
 * What a counting rule's window is around a line's date: the rule's own (`CheckScope.window`),
 * or `SAME_DAY`. An object rather than a closure, so a check makes none per claim (each closure
 * a check names costs a property definition at run time under tsx, which keeps names).
 */
interface Windows {
  window(date: CalendarDate): Span;
}

/** The calendar day of the date (item_frequency's window, whatever the rule's). */
const SAME_DAY: Windows = { window: (date) => ({ from: date, to: date }) };

/** The first position of `sorted` (lines in date order) dated on or after `from`. */
function firstDatedFrom(sorted: readonly Billed[], from: CalendarDate): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid]?.line.date ?? from) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For each line in scope (in line order), what was billed in the rule's window
 * (`windowsOf.window(line.date)`, which ends on the line's date) up to and including it. The
 * history is read once for the union of the windows; the lines are sorted once and every window is
 * a run of them, so the sums come from prefix sums (linear in the lines but for the sort).
 */
function tallies(
  input: ReviewInput,
  scope: CheckScope,
  windowKind: RuleWindow['kind'],
  windowsOf: Windows,
): Tally[] {
  const lines = scoped(input.claim, scope);
  if (lines.length === 0) return [];
  const windows = lines.map((b) => windowsOf.window(b.line.date));
  let history: Billed[] = [];
  if (!thisClaimOnly(windowKind)) {
    const hull = new Hull();
    for (const w of windows) hull.add(w);
    if (hull.from !== null && hull.to !== null) {
      history = historyLines(input, hull.from, hull.to, (code) => scope.matches(code));
    }
  }
  if (history.length === 0 && lines.length === 1) {
    // The common case, without sorting or sums: one line in scope and nothing earlier.
    const [only] = lines as [Billed];
    const window = windows[0] ?? windowsOf.window(only.line.date);
    return [
      {
        line: only,
        window,
        quantity: only.line.quantity,
        days: only.line.daysSupply ?? 1,
        run: lines,
        start: 0,
        end: 1,
      },
    ];
  }
  const sorted = [...history, ...lines].sort(countingOrder);
  const position = new Map<Billed, number>(sorted.map((b, i) => [b, i]));
  // Prefix sums: quantities, days supplied, and the first supply-less line of each date.
  const quantity: Decimal[] = [new Decimal(0)];
  const days: number[] = [0];
  const seenDates = new Set<string>();
  for (const b of sorted) {
    const { daysSupply, date } = b.line;
    let add = daysSupply ?? 0;
    if (daysSupply === undefined && !seenDates.has(date)) {
      seenDates.add(date);
      add = 1;
    }
    quantity.push((quantity.at(-1) ?? new Decimal(0)).plus(b.line.quantity));
    days.push((days.at(-1) ?? 0) + add);
  }
  const zero = new Decimal(0);
  return lines.map((line, i) => {
    const window = windows[i] ?? windowsOf.window(line.line.date);
    const end = (position.get(line) ?? 0) + 1;
    const start = thisClaimOnly(windowKind)
      ? 0
      : Math.min(firstDatedFrom(sorted, window.from), end);
    return {
      line,
      window,
      quantity: (quantity[end] ?? zero).minus(quantity[start] ?? zero),
      days: (days[end] ?? 0) - (days[start] ?? 0),
      run: sorted,
      start,
      end,
    };
  });
}

const WINDOW_ZH: Record<RuleWindow['kind'], string> = {
  visit: '本次就诊',
  admission: '本次住院',
  natural_day: '同一自然日',
  days: '天内',
  year: '本年度',
};

function windowZh(window: RuleWindow): string {
  return window.kind === 'days' ? `${window.days}${WINDOW_ZH.days}` : WINDOW_ZH[window.kind];
}

function windowEn(window: RuleWindow): string {
  switch (window.kind) {
    case 'visit':
      return 'in this visit';
    case 'admission':
      return 'in this admission';
    case 'natural_day':
      return 'on the same day';
    case 'days':
      return `within ${window.days} days`;
    case 'year':
      return 'in the calendar year';
  }
}

function windowLabel(window: RuleWindow): string {
  return window.kind === 'days' ? `days:${window.days}` : window.kind;
}

/**
 * A hit's evidence: the line's item and date, then what the check `read`. Assigned, not spread:
 * on Node 20's V8 an object literal that spreads one object and then adds keys takes a slow path
 * (some 0.8 µs a key), a cost every hit of the review paid.
 */
function itemEvidence(
  line: ClaimLine,
  read: Readonly<Record<string, EvidenceValue>>,
): Record<string, EvidenceValue> {
  return Object.assign({ itemCode: line.code, itemName: line.name, lineDate: line.date }, read);
}

// — Duplicate charges (重复收费) —

/**
 * How far apart a main and a secondary line may be billed to count together: the same day, the
 * N-day window either way (|Δ| < N: whichever of the two comes later, the earlier is in its N-day
 * window), the same calendar year; null for `visit` / `admission` (this claim only).
 */
function reach(window: RuleWindow, date: CalendarDate): Span | null {
  switch (window.kind) {
    case 'visit':
    case 'admission':
      return null;
    case 'natural_day':
      return { from: date, to: date };
    case 'days':
      return { from: addDays(date, 1 - window.days), to: addDays(date, window.days - 1) };
    case 'year': {
      const year = date.slice(0, 4);
      return { from: `${year}-01-01` as CalendarDate, to: `${year}-12-31` as CalendarDate };
    }
  }
}

/**
 * 重复收费: a line of a pair's secondary item billed while its main item (which includes it) is
 * billed within the window, in this claim or an earlier one. One hit per secondary line, naming the
 * first main line found (this claim's before the history's, pairs in the rule's order).
 */
/**
 * A duplicate-charge rule's pairs, indexed once per rule (rule sets are immutable): secondary
 * pattern → main patterns, and the main patterns themselves.
 */
const pairIndexes = new WeakMap<
  RuleOf<'duplicate_charge'>['check'],
  { readonly mainsOf: CodeIndex<string>; readonly mainPatterns: CodeIndex<true> }
>();

function pairIndexOf(check: RuleOf<'duplicate_charge'>['check']) {
  let index = pairIndexes.get(check);
  if (index === undefined) {
    const mainsOf = new CodeIndex<string>();
    const mainPatterns = new CodeIndex<true>();
    for (const { main, secondary } of check.pairs) {
      mainsOf.add(secondary, main.toUpperCase());
      mainPatterns.add(main, true);
    }
    index = { mainsOf, mainPatterns };
    pairIndexes.set(check, index);
  }
  return index;
}

/**
 * Whether a main item of the pairs is billed anywhere a secondary line in scope could pair with
 * it: on a line of this claim, or on a line of an earlier claim within the secondaries' reach.
 * False is the usual answer (a secondary item billed on its own), found without building lists.
 */
function mainInReach(
  rule: RuleOf<'duplicate_charge'>,
  input: ReviewInput,
  scope: CheckScope,
  index: ReturnType<typeof pairIndexOf>,
): boolean {
  const { claim } = input;
  for (const line of claim.lines) if (index.mainPatterns.has(line.code)) return true;
  const hull = new Hull();
  for (const i of scope.lines) {
    const line = lineAt(claim, i);
    if (index.mainsOf.has(line.code)) hull.add(reach(rule.window, line.date));
  }
  if (hull.from === null || hull.to === null) return false;
  return someHistoryCode(input, hull.from, hull.to, (code) => index.mainPatterns.has(code));
}

/**
 * The duplicate-charge rules' gate: open when a main item of any of their pairs is billed in the
 * claim, or in an earlier claim within the widest reach of their windows around the claim's line
 * dates (a superset of what each rule's own `mainInReach` reads).
 */
function duplicateChargeGate(rules: readonly RuleOf<'duplicate_charge'>[]): Gate {
  const mains = new CodeIndex<true>();
  const windows = new Map<string, RuleWindow>();
  for (const rule of rules) {
    for (const { main } of rule.check.pairs) mains.add(main, true);
    windows.set(windowLabel(rule.window), rule.window);
  }
  const isMain = (code: string): boolean => mains.has(code);
  // The windows that read earlier claims (visit and admission read this claim only).
  const reaching = [...windows.values()].filter((window) => !thisClaimOnly(window.kind));
  return {
    opensOn: isMain,
    opensInHistory(input, first, last) {
      if (reaching.length === 0) return false;
      // A window's reach around a date moves with the date: the lines' reach is that of the
      // first and the last date.
      const hull = new Hull();
      for (const window of reaching) {
        hull.add(reach(window, first));
        hull.add(reach(window, last));
      }
      if (hull.from === null || hull.to === null) return false;
      return someHistoryCode(input, hull.from, hull.to, isMain);
    },
  };
}

const duplicateCharge = (
  rule: RuleOf<'duplicate_charge'>,
  input: ReviewInput,
  scope: CheckScope,
): Hit[] => {
  const { claim } = input;
  const index = pairIndexOf(rule.check);
  if (!mainInReach(rule, input, scope, index)) return [];
  const { mainsOf, mainPatterns } = index;
  const secondaries = scoped(claim, scope).filter((b) => mainsOf.has(b.line.code));
  if (secondaries.length === 0) return [];

  // The main lines that may pair: this claim's, and the history's within the windows' reach.
  const candidates: Billed[] = claim.lines
    .map((line, index) => ({ line, claimId: null, index }))
    .filter((b) => mainPatterns.has(b.line.code));
  const spans = secondaries.map((b) => reach(rule.window, b.line.date));
  const hull = new Hull();
  for (const span of spans) hull.add(span);
  if (hull.from !== null && hull.to !== null) {
    candidates.push(...historyLines(input, hull.from, hull.to, (code) => mainPatterns.has(code)));
  }
  const mainIndex = new Map<string, Billed[]>();
  for (const b of candidates) {
    for (const { pattern } of mainPatterns.lookup(b.line.code)) {
      const list = mainIndex.get(pattern);
      if (list === undefined) mainIndex.set(pattern, [b]);
      else list.push(b);
    }
  }

  const hits: Hit[] = [];
  secondaries.forEach((secondary, i) => {
    const span = spans[i] ?? null;
    const pairs = (main: Billed): boolean =>
      !(main.claimId === null && main.index === secondary.index) &&
      (span === null
        ? main.claimId === null
        : main.line.date >= span.from && main.line.date <= span.to);
    let found: { main: Billed; mainPattern: string; secondaryPattern: string } | null = null;
    for (const { pattern: secondaryPattern, values } of mainsOf.lookup(secondary.line.code)) {
      for (const mainPattern of values) {
        const main = mainIndex.get(mainPattern)?.find(pairs);
        if (main !== undefined) {
          found = { main, mainPattern, secondaryPattern };
          break;
        }
      }
      if (found !== null) break;
    }
    if (found === null) return;
    const { main } = found;
    const line = secondary.line;
    const where = main.claimId === null ? '' : `，结算单 ${main.claimId}`;
    const whereEn = main.claimId === null ? '' : `, claim ${main.claimId}`;
    hits.push({
      lineIds: [line.id],
      evidence: itemEvidence(line, {
        secondaryCode: found.secondaryPattern,
        mainCode: found.mainPattern,
        mainLineId: main.line.id,
        mainItemCode: main.line.code,
        mainItemName: main.line.name,
        mainDate: main.line.date,
        window: windowLabel(rule.window),
        otherClaims: main.claimId === null ? [] : [main.claimId],
      }),
      zh: `${line.name}（${line.code}，${line.date}）与${windowZh(rule.window)}已收费的${main.line.name}（${main.line.code}，${main.line.date}${where}）重复收费：后者已包含前者`,
      en: `${line.name} (${line.code}, ${line.date}) is charged ${windowEn(rule.window)} as ${main.line.name} (${main.line.code}, ${main.line.date}${whereEn}), which already includes it`,
    });
  });
  return hits;
};

// — Counting rules: 限定周期, 限定频次, 限定疗程 —

/** 限定周期: the quantity billed in the window up to the line above `maxTimes`. */
const timesPerWindow = (
  rule: RuleOf<'times_per_window'>,
  input: ReviewInput,
  scope: CheckScope,
): Hit[] => {
  const limit = rule.check.maxTimes;
  if (countWithin(input, scope, rule.window.kind, scope, quantityOver(limit))) return [];
  const hits: Hit[] = [];
  for (const tally of tallies(input, scope, rule.window.kind, scope)) {
    const { line, window, quantity: total } = tally;
    if (!total.gt(limit)) continue;
    const l = line.line;
    hits.push({
      lineIds: [l.id],
      evidence: itemEvidence(l, {
        count: total.toFixed(),
        maxTimes: limit.toFixed(),
        window: windowLabel(rule.window),
        windowFrom: window.from,
        windowTo: window.to,
        ...countedEvidence(countedLines(tally)),
      }),
      zh: `${l.name}（${l.code}）${windowZh(rule.window)}（${window.from} 至 ${window.to}）累计 ${total.toFixed()} 次，超过限定的 ${limit.toFixed()} 次`,
      en: `${l.name} (${l.code}) billed ${total.toFixed()} times ${windowEn(rule.window)} (${window.from} to ${window.to}), over the limit of ${limit.toFixed()}`,
    });
  }
  return hits;
};

/**
 * Whether nothing a counting rule counts can go over its limit, told without tallying (the usual
 * claim): `over` is fed the lines in scope and the earlier claims' matching lines in the union of
 * their windows, adding up a bound on any one window's count, and answers once the bound exceeds
 * the limit. A bound adds no negative part (a refund line lowers a window's count, never raises it).
 */
function countWithin(
  input: ReviewInput,
  scope: CheckScope,
  windowKind: RuleWindow['kind'],
  windows: Windows,
  over: (line: ClaimLine) => boolean,
): boolean {
  const { claim } = input;
  const onlyThisClaim = thisClaimOnly(windowKind);
  const hull = new Hull();
  for (const i of scope.lines) {
    const line = lineAt(claim, i);
    if (over(line)) return false;
    if (!onlyThisClaim) hull.add(windows.window(line.date));
  }
  if (hull.from === null || hull.to === null) return true;
  return !someHistoryLine(
    input,
    hull.from,
    hull.to,
    (line) => scope.matches(line.code) && over(line),
  );
}

/**
 * The days a line of a frequency rule's items stands for, so may carry that many days' quantity:
 * its daysSupply; or, on an inpatient claim that bills the item on this line `alone`, the stay (a
 * per-day item billed once for the admission, as the catalog's frequency restriction also reads
 * it); else one day (an item billed on several lines is itemized by day). The stay is `stay` when
 * the caller has it, else read from the claim only when the line needs it.
 */
function daysOfLine(claim: Claim, line: ClaimLine, alone: boolean, stay?: number): number {
  return line.daysSupply ?? (alone ? (stay ?? stayDaysOf(claim) ?? 1) : 1);
}

/** A bound on the quantity counted: `over` for `countWithin`, exceeded above `limit`. */
function quantityOver(limit: Decimal): (line: ClaimLine) => boolean {
  let total = new Decimal(0);
  return (line) => {
    if (line.quantity.isPositive()) total = total.plus(line.quantity);
    return total.gt(limit);
  };
}

/**
 * 限定频次: the quantity billed on the line's calendar day (this claim and the earlier claims of
 * that day) up to the line above `maxPerDay`, whatever the rule's window (a quantity a day).
 */
const itemFrequency = (
  rule: RuleOf<'item_frequency'>,
  input: ReviewInput,
  scope: CheckScope,
): Hit[] => {
  const perDay = rule.check.maxPerDay;
  if (scope.lines.length === 0) return [];
  const { claim } = input;
  const single = scope.lines.length === 1;
  if (single) {
    // The usual call, answered before anything is made for the count: one line, within the
    // quantity of the days it stands for, and nothing of the rule's items billed on its day by
    // an earlier claim.
    // (Compared without decimal.js's copies: this runs for most lines a frequency rule names.)
    const only = lineAt(claim, scope.lines[0] ?? 0);
    let within = compareDecimals(only.quantity, perDay) <= 0;
    if (!within) {
      const days = daysOfLine(claim, only, true);
      within = days > 1 && compareDecimals(only.quantity, perDay.times(days)) <= 0;
    }
    if (within && !someHistoryCode(input, only.date, only.date, (code) => scope.matches(code))) {
      return [];
    }
  }
  // Lines per code, counted only when there are several.
  const linesOfCode = new Map<string, number>();
  if (!single) {
    for (const i of scope.lines) {
      const code = claim.lines[i]?.code ?? '';
      linesOfCode.set(code, (linesOfCode.get(code) ?? 0) + 1);
    }
  }
  // The count reads every line's days, some twice: the stay once for all of them.
  const stay = stayDaysOf(claim) ?? 1;
  const daysOf = (l: ClaimLine): number =>
    daysOfLine(claim, l, single || linesOfCode.get(l.code) === 1, stay);
  let fewestDays = Number.POSITIVE_INFINITY;
  for (const i of scope.lines) fewestDays = Math.min(fewestDays, daysOf(lineAt(claim, i)));
  // Only this claim's lines are judged; none has a limit below the fewest days' quantity.
  const lowest = perDay.times(fewestDays);
  if (countWithin(input, scope, 'natural_day', SAME_DAY, quantityOver(lowest))) return [];
  const hits: Hit[] = [];
  for (const tally of tallies(input, scope, 'natural_day', SAME_DAY)) {
    const { line, quantity: total } = tally;
    const l = line.line;
    const days = line.claimId === null ? daysOf(l) : (l.daysSupply ?? 1);
    const limit = perDay.times(days);
    if (!total.gt(limit)) continue;
    hits.push({
      lineIds: [l.id],
      evidence: itemEvidence(l, {
        quantityThatDay: total.toFixed(),
        maxPerDay: perDay.toFixed(),
        daysTheLineCovers: String(days),
        ...countedEvidence(countedLines(tally)),
      }),
      zh:
        days === 1
          ? `${l.name}（${l.code}）${l.date} 当日累计 ${total.toFixed()}，超过每日限定的 ${perDay.toFixed()}`
          : `${l.name}（${l.code}）${l.date} 起 ${days} 日累计 ${total.toFixed()}，超过每日 ${perDay.toFixed()} 的限定（共 ${limit.toFixed()}）`,
      en:
        days === 1
          ? `${l.name} (${l.code}) billed ${total.toFixed()} on ${l.date}, over the limit of ${perDay.toFixed()} a day`
          : `${l.name} (${l.code}) billed ${total.toFixed()} for ${days} days from ${l.date}, over ${perDay.toFixed()} a day (${limit.toFixed()} in all)`,
    });
  }
  return hits;
};

/**
 * 限定疗程: the days of therapy in the window up to the line above `maxDays` — the days supplied
 * (`daysSupply`), plus one per distinct date of the lines billed without a supply.
 */
const itemCourse = (rule: RuleOf<'item_course'>, input: ReviewInput, scope: CheckScope): Hit[] => {
  const limit = rule.check.maxDays;
  // A bound on the days: every line's supply, or one day (more than one per distinct date).
  let bound = 0;
  if (
    countWithin(
      input,
      scope,
      rule.window.kind,
      scope,
      (line) => (bound += line.daysSupply ?? 1) > limit,
    )
  ) {
    return [];
  }
  const hits: Hit[] = [];
  for (const tally of tallies(input, scope, rule.window.kind, scope)) {
    const { line, window, days } = tally;
    if (days <= limit) continue;
    const l = line.line;
    hits.push({
      lineIds: [l.id],
      evidence: itemEvidence(l, {
        days: String(days),
        maxDays: String(limit),
        window: windowLabel(rule.window),
        windowFrom: window.from,
        windowTo: window.to,
        ...countedEvidence(countedLines(tally)),
      }),
      zh: `${l.name}（${l.code}）${windowZh(rule.window)}（${window.from} 至 ${window.to}）累计用药/治疗 ${days} 天，超过限定疗程 ${limit} 天`,
      en: `${l.name} (${l.code}) adds up to ${days} days of therapy ${windowEn(rule.window)} (${window.from} to ${window.to}), over the ${limit}-day course limit`,
    });
  }
  return hits;
};

// — Restrictions on the person, the institution, the setting and the scheme —

const SEX_ZH: Record<Sex, string> = { male: '男性', female: '女性', unknown: '未知' };

/**
 * 限定性别: a person of the other sex. A person whose sex is recorded as unknown is not a hit: the
 * rule cannot tell (the claim validation, not a review rule, asks for the sex); nor does a rule
 * that names `unknown` ever fire. (Its `LinePass`, the same for every line of a claim.)
 */
const sexPasses = (rule: RuleOf<'item_sex'>, claim: Claim): boolean => {
  const { sex } = rule.check;
  const read = claim.person.sex;
  return sex === 'unknown' || read === 'unknown' || read === sex;
};

const itemSex = (rule: RuleOf<'item_sex'>, input: ReviewInput, scope: CheckScope): Hit[] => {
  if (sexPasses(rule, input.claim)) return [];
  const { sex } = rule.check;
  const read = input.claim.person.sex;
  return scoped(input.claim, scope).map(({ line }) => ({
    lineIds: [line.id],
    evidence: itemEvidence(line, { sex: read, requiredSex: sex }),
    zh: `${line.name}（${line.code}）限${SEX_ZH[sex]}使用，参保人为${SEX_ZH[read]}`,
    en: `${line.name} (${line.code}) is for ${sex} patients only; the person is ${read}`,
  }));
};

/**
 * 限定年龄: the age in completed years on the line's date must be in [minAge, maxAge), and the
 * completed days of life below maxAgeDays (新生儿). A line dated before the birth date is a data
 * error the claim validation reports; here the age cannot be told, so the line is not a hit (as
 * the catalog's age restriction reads it).
 */
const agePasses: LinePass<'item_age'> = (rule, claim, line) => {
  const { minAge, maxAge, maxAgeDays } = rule.check;
  const { birthDate } = claim.person;
  if (line.date < birthDate) return true;
  const age = ageAt(birthDate, line.date);
  return (
    (minAge === null || age >= minAge) &&
    (maxAge === null || age < maxAge) &&
    (maxAgeDays === null || daysBetween(birthDate, line.date) < maxAgeDays)
  );
};

const itemAge = (rule: RuleOf<'item_age'>, input: ReviewInput, scope: CheckScope): Hit[] => {
  const { minAge, maxAge, maxAgeDays } = rule.check;
  const { birthDate } = input.claim.person;
  const hits: Hit[] = [];
  for (const { line } of scoped(input.claim, scope)) {
    if (agePasses(rule, input.claim, line)) continue;
    const age = ageAt(birthDate, line.date);
    const range = `[${minAge ?? ''}, ${maxAge ?? ''})`;
    const evidence = itemEvidence(line, {
      birthDate,
      age: String(age),
      minAge: minAge === null ? null : String(minAge),
      maxAge: maxAge === null ? null : String(maxAge),
    });
    if (maxAgeDays === null) {
      hits.push({
        lineIds: [line.id],
        evidence,
        zh: `${line.name}（${line.code}）限定年龄 ${range} 岁，参保人 ${line.date} 时 ${age} 岁`,
        en: `${line.name} (${line.code}) is for ages ${range}; the person was ${age} on ${line.date}`,
      });
      continue;
    }
    const days = daysBetween(birthDate, line.date);
    hits.push({
      lineIds: [line.id],
      evidence: Object.assign(evidence, {
        ageDays: String(days),
        maxAgeDays: String(maxAgeDays),
      }),
      zh: `${line.name}（${line.code}）限出生 ${maxAgeDays} 天内，参保人 ${line.date} 时出生第 ${days} 天`,
      en: `${line.name} (${line.code}) is for the first ${maxAgeDays} days of life; the person was ${days} days old on ${line.date}`,
    });
  }
  return hits;
};

/**
 * The hits of a check of one attribute of the claim against the list the rule allows (one per
 * line in scope), when the attribute `read` is not in the list.
 */
function notAllowed<V extends string>(
  input: ReviewInput,
  scope: CheckScope,
  read: V,
  allowed: readonly V[],
  field: string,
  text: (line: ClaimLine) => { readonly zh: string; readonly en: string },
): Hit[] {
  return scoped(input.claim, scope).map(({ line }) => ({
    lineIds: [line.id],
    evidence: itemEvidence(line, { [field]: read, allowed: [...allowed] }),
    ...text(line),
  }));
}

const TIER_ZH: Record<InstitutionTier, string> = {
  primary: '基层',
  secondary: '二级',
  tertiary: '三级',
};

/** Whether the claim's tier is one the rule allows (its `LinePass`: the same for every line). */
const tierPasses = (rule: RuleOf<'item_tier'>, claim: Claim): boolean =>
  rule.check.tiers.includes(claim.institution.tier);

const itemTier = (rule: RuleOf<'item_tier'>, input: ReviewInput, scope: CheckScope): Hit[] => {
  if (tierPasses(rule, input.claim)) return [];
  const tier = input.claim.institution.tier;
  const { tiers } = rule.check;
  return notAllowed(input, scope, tier, tiers, 'tier', (line) => ({
    zh: `${line.name}（${line.code}）限${tiers.map((t) => TIER_ZH[t]).join('、')}医疗机构使用，本机构为${TIER_ZH[tier]}`,
    en: `${line.name} (${line.code}) is only for ${tiers.join(', ')} institutions; this one is ${tier}`,
  }));
};

const CLAIM_TYPE_ZH: Record<ClaimType, string> = {
  outpatient: '门诊',
  inpatient: '住院',
  chronic_outpatient: '门诊慢特病',
  pharmacy: '药店购药',
};

/**
 * 限定就医方式: the claim's type must be one the rule lists. Exact: a chronic-disease outpatient
 * claim (门诊慢特病) meets a rule only if it lists `chronic_outpatient`; a rule meaning every
 * outpatient setting lists both (the loader of the national 门诊 rules does). (Its `LinePass`,
 * the same for every line of a claim.)
 */
const settingPasses = (rule: RuleOf<'item_setting'>, claim: Claim): boolean =>
  rule.check.claimTypes.includes(claim.type);

const itemSetting = (
  rule: RuleOf<'item_setting'>,
  input: ReviewInput,
  scope: CheckScope,
): Hit[] => {
  if (settingPasses(rule, input.claim)) return [];
  const type = input.claim.type;
  const { claimTypes } = rule.check;
  return notAllowed(input, scope, type, claimTypes, 'claimType', (line) => ({
    zh: `${line.name}（${line.code}）限${claimTypes.map((t) => CLAIM_TYPE_ZH[t]).join('、')}使用，本次为${CLAIM_TYPE_ZH[type]}`,
    en: `${line.name} (${line.code}) is only for ${claimTypes.join(', ')} claims; this one is ${type}`,
  }));
};

const SCHEME_ZH: Record<Scheme, string> = {
  medical: '基本医疗保险',
  work_injury: '工伤保险',
  maternity: '生育保险',
};

/** Whether the claim's scheme is one the rule allows (its `LinePass`: the same for every line). */
const schemePasses = (rule: RuleOf<'item_scheme'>, claim: Claim): boolean =>
  rule.check.schemes.includes(claim.scheme);

const itemScheme = (rule: RuleOf<'item_scheme'>, input: ReviewInput, scope: CheckScope): Hit[] => {
  if (schemePasses(rule, input.claim)) return [];
  const scheme = input.claim.scheme;
  const { schemes } = rule.check;
  return notAllowed(input, scope, scheme, schemes, 'scheme', (line) => ({
    zh: `${line.name}（${line.code}）限${schemes.map((s) => SCHEME_ZH[s]).join('、')}支付，本次为${SCHEME_ZH[scheme]}`,
    en: `${line.name} (${line.code}) is only paid by ${schemes.join(', ')}; this claim is ${scheme}`,
  }));
};

// — 限定主次操作 —

/**
 * Second and later procedures of a group on one day must be billed at a discount. The claim does
 * not carry the full price, so the discount cannot be verified: two or more lines of the group on
 * the same date are suspicious, and every line after the first (in line order) is a hit naming the
 * first and the group's lines that day. A rule set should give this kind a `suspicious` result.
 */
const secondaryProcedure = (
  rule: RuleOf<'secondary_procedure'>,
  input: ReviewInput,
  scope: CheckScope,
): Hit[] => {
  const lines = scoped(input.claim, scope);
  const byDate = new Map<CalendarDate, Billed[]>();
  for (const b of lines) {
    const list = byDate.get(b.line.date);
    if (list === undefined) byDate.set(b.line.date, [b]);
    else list.push(b);
  }
  const hits: Hit[] = [];
  for (const b of lines) {
    const sameDay = byDate.get(b.line.date) ?? [];
    const first = sameDay[0];
    if (first === undefined || first === b || sameDay.length < 2) continue;
    const line = b.line;
    hits.push({
      lineIds: [line.id],
      evidence: itemEvidence(line, {
        group: rule.check.group,
        firstLineId: first.line.id,
        firstItemCode: first.line.code,
        groupLineIds: sameDay.map((e) => e.line.id),
        unitPrice: line.unitPrice.toDecimalString(),
      }),
      zh: `${line.name}（${line.code}）与同日${first.line.name}（${first.line.code}）同属${rule.check.group}，第二及以后的手术应折价计收，请核实是否已折价`,
      en: `${line.name} (${line.code}) is a second procedure of ${rule.check.group} on ${line.date} after ${first.line.name} (${first.line.code}); it must be billed at a discount, check that it was`,
    });
  }
  return hits;
};

export const ITEM_CHECKS: Pick<
  Checks,
  | 'duplicate_charge'
  | 'times_per_window'
  | 'item_sex'
  | 'item_age'
  | 'item_tier'
  | 'item_setting'
  | 'item_course'
  | 'item_scheme'
  | 'item_frequency'
  | 'secondary_procedure'
> = {
  duplicate_charge: duplicateCharge,
  times_per_window: timesPerWindow,
  item_sex: itemSex,
  item_age: itemAge,
  item_tier: itemTier,
  item_setting: itemSetting,
  item_course: itemCourse,
  item_scheme: itemScheme,
  item_frequency: itemFrequency,
  secondary_procedure: secondaryProcedure,
};

export const ITEM_GATES: Pick<Gates, 'duplicate_charge'> = {
  duplicate_charge: duplicateChargeGate,
};

export const ITEM_LINE_PASSES: Pick<
  LinePasses,
  'item_sex' | 'item_age' | 'item_tier' | 'item_setting' | 'item_scheme'
> = {
  item_sex: sexPasses,
  item_age: agePasses,
  item_tier: tierPasses,
  item_setting: settingPasses,
  item_scheme: schemePasses,
};
