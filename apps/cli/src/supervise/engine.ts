import { createHash } from 'node:crypto';
import { CatalogIndex } from '@openpayer/catalog';
import { importShippedDemoCatalog } from '@openpayer/catalog/node';
import {
  type CalendarDate,
  type Claim,
  type Issue,
  addDays,
  claimLineSchema,
  evidenceSchema,
  validateClaim,
} from '@openpayer/domain';
import {
  type CompiledRuleSet,
  NO_HISTORY,
  claimSpan,
  type PersonHistory,
  type PriorClaim,
  type RuleSet,
  compileRuleSet,
  type HistoryReach,
  historyReachOf,
  loadRuleSet,
  reviewClaim,
} from '@openpayer/supervision';
import { CliError } from '../exit-codes.ts';
import { loadCatalogFile } from '../settle/engine.ts';
import { readInputText } from '../sources.ts';
import { ERROR_KEY, errorLineText, findingKey, findingLineText } from './output.ts';

/**
 * One post-payment review engine of a `supervise` batch: the catalog and the rule sets, loaded
 * once, and the history of the people it has seen. A batch runs one engine per worker; each
 * person's claims all go to the same engine, in input order, so a claim is reviewed against
 * exactly the same person's earlier claims in the input, whatever the number of workers.
 */

export interface SuperviseSources {
  /** Absolute path of a catalog release (JSON) or an NRDL CSV; absent: the shipped demo catalog. */
  readonly catalog?: string | undefined;
  /** Absolute paths of the rule sets (JSON, the rule-set wire form), in the order given. */
  readonly rules: readonly string[];
  /** At most this many earlier claims are kept per person (the oldest in input order go first). */
  readonly historyMax: number;
}

/** What every output is made with: the catalog release and the rule sets (id and file digest). */
export interface SuperviseVersions {
  readonly catalog: string;
  readonly rules: readonly { readonly id: string; readonly digest: string }[];
}

/** A rule-set file, validated: the first issues name their fields (exit 3 otherwise). */
export function loadRuleSetFile(file: string): { ruleSet: RuleSet; digest: string } {
  const text = readInputText('the rules', file);
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(
      'malformed_input',
      `the rules ${file} are not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const loaded = loadRuleSet(document);
  if (!loaded.ok) {
    const shown = loaded.issues
      .slice(0, 3)
      .map((i) => `${i.path.length === 0 ? '(document)' : i.path.join('.')}: ${i.message}`)
      .join('; ');
    const more = loaded.issues.length > 3 ? ` (and ${loaded.issues.length - 3} more)` : '';
    throw new CliError(
      'malformed_input',
      `the rules ${file} are not a valid rule set (${loaded.issues[0]?.code ?? 'rule_set.invalid'}): ${shown}${more}`,
    );
  }
  return {
    ruleSet: loaded.value,
    digest: createHash('sha256').update(text).digest('hex').slice(0, 16),
  };
}

function loadSuperviseCatalog(file: string | undefined): CatalogIndex {
  if (file !== undefined) return loadCatalogFile(file);
  const imported = importShippedDemoCatalog();
  if (!imported.ok) {
    throw new Error(
      `the shipped demo catalog does not import: ${imported.issues
        .slice(0, 3)
        .map((i) => i.message)
        .join('; ')}`,
    );
  }
  return new CatalogIndex(imported.value.release);
}

/**
 * An earlier claim as kept, packed in one string (about a hundred bytes): what the checks and
 * `historyOf` read of it — its last and first day (first, at fixed places; of the whole claim),
 * type, id, dates, evidence and the lines later claims may read. A line is its
 * template (what repeats across claims: kind, code, name, unit price, …; an index into the store's
 * table) and its own id, date, quantity and amount as JSON; the lines and evidence are decoded
 * again, from their wire form as read, only when a review reads them.
 *
 *   last(10) first(10) type ␟ id ␟ admission ␟ discharge ␟ evidence JSON ␟ line ␟ line …
 *   line: template index ␞ ["L1","2025-03-01","1","1.20"]
 */
type Packed = string;
const FIELD = '\u001f';
const PART = '\u001e';
/** The first field that is a line (after the head, id, admission, discharge and evidence). */
const LINES_FROM = 5;
const lastOf = (packed: Packed) => packed.slice(0, 10) as CalendarDate;
const firstOf = (packed: Packed) => packed.slice(10, 20) as CalendarDate;

/** A claim line as read (JSON), without its own id, date, quantity and amount. */
type WireLine = Readonly<Record<string, unknown>>;
const OWN = ['id', 'date', 'quantity', 'amount'] as const;
/** Where a line's date is among its own parts. */
const OWN_DATE = OWN.indexOf('date');
const OWN_KEYS: ReadonlySet<string> = new Set(OWN);
/** Templates remembered per item code for the quick comparison (others go by their JSON). */
const TEMPLATES_PER_CODE = 4;

/**
 * Whether `line`, but for its own parts, is `template`: the same members with the same values.
 * Plain values compare by value; an object or array never equals one (its JSON decides).
 */
function sameTemplate(template: WireLine, line: WireLine): boolean {
  let members = 0;
  for (const key of Object.keys(line)) {
    if (OWN_KEYS.has(key)) continue;
    if (template[key] !== line[key]) return false;
    members++;
  }
  return members === Object.keys(template).length;
}
const linesSchema = claimLineSchema.array();
const evidenceListSchema = evidenceSchema.array();

/** Earlier claims kept per person as review history when --history-max is not given. */
export const HISTORY_MAX_DEFAULT = 1000;

/**
 * The people's earlier claims, slimmed to what the review reads of them (`HistoryReach`), within
 * the lookback of the rules that read earlier claims. What is kept of a claim: its lines that
 * later claims may read and its evidence (biomarkers, labs, scores) when a rule reads earlier
 * evidence; a claim with neither is not kept (no check could read anything of it).
 *
 * Bounded memory: a claim is dropped once it ends more than the lookback (`reach.lookbackDays`)
 * before the first day of a claim of the same person under review, or of the latest claim the
 * engine has seen (a sweep now and then) — exact when the input is in date order, or roughly so:
 * a claim dated more than the lookback before a later one of the input may miss what was dropped. At most `historyMax`
 * claims are kept per person (the oldest in input order are dropped first). The line templates
 * grow with the distinct items (code, name, unit price, …) of the input.
 */
export class HistoryStore {
  /**
   * Each person's kept claims, in input order: most people have one, kept as the string itself
   * (a one-element array would cost some 56 bytes more each).
   */
  private readonly people = new Map<string, Packed | readonly Packed[]>();
  private readonly templates: WireLine[] = [];
  private readonly templateIndex = new Map<string, number>();
  /** Templates by item code, to find a line's without writing its JSON (a few per code). */
  private readonly templatesOfCode = new Map<string, number[]>();
  private latest: CalendarDate | undefined;
  private sinceSweep = 0;
  private held = 0;
  /** The lookback's first day for a claim's first day (claims share a few hundred days). */
  private readonly cutoffs = new Map<CalendarDate, CalendarDate>();

  constructor(
    private readonly reach: HistoryReach,
    private readonly historyMax: number,
    /** Claims between sweeps. */
    private readonly sweepEvery = 8192,
  ) {}

  /** Claims held now (for tests and the benchmark). */
  get size(): number {
    return this.held;
  }

  /** The person's earlier claims that the review of `claim` may read. */
  historyFor(claim: Claim): PersonHistory {
    const kept = this.keptOf(claim.person.id);
    if (kept === undefined) return NO_HISTORY;
    const cutoff = this.cutoffOf(claimSpan(claim).first);
    // A copy only when some claim is past the lookback (most calls drop none).
    const live = kept.some((k) => lastOf(k) < cutoff)
      ? kept.filter((k) => lastOf(k) >= cutoff)
      : kept;
    this.replace(claim.person.id, kept, live);
    return this.history(live, claim);
  }

  private cutoffOf(first: CalendarDate): CalendarDate {
    let cutoff = this.cutoffs.get(first);
    if (cutoff === undefined) {
      cutoff = addDays(first, -this.reach.lookbackDays);
      if (this.cutoffs.size >= 10_000) this.cutoffs.clear();
      this.cutoffs.set(first, cutoff);
    }
    return cutoff;
  }

  /**
   * Remember `claim` as history for the same person's later claims; `wire` is the claim as it
   * was read (JSON), whose lines and evidence are kept as they were written.
   */
  add(
    claim: Claim,
    wire: { readonly lines: readonly unknown[]; readonly evidence?: unknown },
  ): void {
    const span = claimSpan(claim);
    if (this.latest === undefined || span.first > this.latest) this.latest = span.first;
    const lines: string[] = [];
    claim.lines.forEach((line, i) => {
      if (this.reach.lineDays(line.code) !== null) lines.push(this.pack(wire.lines[i] as WireLine));
    });
    const evidence = claim.evidence.length > 0 && this.reach.evidenceDays !== null;
    if (lines.length === 0 && !evidence) {
      if (++this.sinceSweep >= this.sweepEvery) this.sweep();
      return;
    }
    // Joined, not concatenated: one flat string (a concatenation is a tree of its parts).
    const packed = [
      // The whole claim's span, as historyOf computes it: which claims a window reaches and
      // their order are those of the full claims.
      `${span.last}${span.first}${claim.type}`,
      claim.id,
      claim.admissionDate,
      claim.dischargeDate ?? '',
      evidence ? JSON.stringify(wire.evidence) : '',
      ...lines,
    ].join(FIELD);
    // A new array of the exact length (a pushed-to array reserves room for 16 more).
    const before = this.keptOf(claim.person.id);
    let kept = before === undefined ? [packed] : before.concat(packed);
    this.held++;
    if (kept.length > this.historyMax) {
      kept = kept.slice(kept.length - this.historyMax);
      this.held--;
    }
    this.keep(claim.person.id, kept);
    if (++this.sinceSweep >= this.sweepEvery) this.sweep();
  }

  /** A line as its template's index and its own parts. */
  private pack(line: WireLine): string {
    return `${String(this.templateOf(line))}${PART}${JSON.stringify(OWN.map((k) => line[k]))}`;
  }

  /**
   * The index of a line's template. First among the templates already seen with the line's code
   * (an item is billed with the same name, unit price, … again and again), compared value by
   * value; else by the template's JSON, which adds it when new.
   */
  private templateOf(line: WireLine): number {
    const code = line['code'];
    const seen = typeof code === 'string' ? this.templatesOfCode.get(code) : undefined;
    if (seen !== undefined) {
      for (const index of seen)
        if (sameTemplate(this.templates[index] as WireLine, line)) return index;
    }
    const template: Record<string, unknown> = {};
    for (const key of Object.keys(line)) if (!OWN_KEYS.has(key)) template[key] = line[key];
    const json = JSON.stringify(template);
    let index = this.templateIndex.get(json);
    if (index === undefined) {
      index = this.templates.length;
      this.templates.push(template);
      this.templateIndex.set(json, index);
    }
    if (typeof code === 'string') {
      if (seen === undefined) this.templatesOfCode.set(code, [index]);
      else if (seen.length < TEMPLATES_PER_CODE && !seen.includes(index)) seen.push(index);
    }
    return index;
  }

  /**
   * The kept claim as a Claim for the checks: its own id, type, dates, lines and evidence; the
   * fields no check reads of an earlier claim (person, institution, amounts, diagnoses) are those
   * of the claim under review, of the same person.
   */
  private unpack(packed: Packed, current: Claim): PriorClaim {
    const [head = '', id = '', admission = '', discharge = '', evidence = '', ...lines] =
      packed.split(FIELD);
    const wireLines = lines.map((text) => {
      const at = text.indexOf(PART);
      const own = JSON.parse(text.slice(at + 1)) as unknown[];
      // Assigned, not spread: on Node 20's V8 keys added to a spread copy take a slow path
      // (some 1 µs a key, for every line of every earlier claim read).
      const line: Record<string, unknown> = Object.assign(
        {},
        this.templates[Number(text.slice(0, at))],
      );
      OWN.forEach((k, i) => {
        line[k] = own[i];
      });
      return line;
    });
    return {
      claim: {
        ...current,
        id: id as Claim['id'],
        type: head.slice(20) as Claim['type'],
        admissionDate: admission as CalendarDate,
        dischargeDate: discharge === '' ? undefined : (discharge as CalendarDate),
        diagnoses: [],
        procedures: [],
        lines: linesSchema.parse(wireLines),
        evidence: evidence === '' ? [] : evidenceListSchema.parse(JSON.parse(evidence)),
        outcomes: [],
      },
      settlementId: null,
    };
  }

  /**
   * `historyOf` over kept claims, decoding each only when a check reads it: sorted by first day
   * (stable: input order on a tie), those overlapping [from, to], oldest first.
   */
  private history(entries: readonly Packed[], current: Claim): PersonHistory {
    const sorted = entries.map((packed, order) => ({
      packed,
      order,
      first: firstOf(packed),
      last: lastOf(packed),
    }));
    // Kept in input order, which is first-day order when the input is in date order: sort only
    // when it is not.
    let inOrder = true;
    for (let i = 1; i < sorted.length && inOrder; i++) {
      inOrder = (sorted[i - 1]?.first ?? '') <= (sorted[i]?.first ?? '');
    }
    if (!inOrder) {
      sorted.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.order - b.order));
    }
    const decoded = new Map<number, PriorClaim>();
    return {
      claimsBetween: (from, to) => {
        const out: PriorClaim[] = [];
        for (const k of sorted) {
          // Sorted by first day: none after this one starts by `to`.
          if (k.first > to) break;
          if (k.last < from) continue;
          let prior = decoded.get(k.order);
          if (prior === undefined) {
            prior = this.unpack(k.packed, current);
            decoded.set(k.order, prior);
          }
          out.push(prior);
        }
        return out;
      },
      someLineCode: (from, to, claimId, test) => {
        for (const k of sorted) {
          if (k.first > to) break;
          if (k.last < from) continue;
          if (this.someLineOf(k.packed, from, to, claimId, test)) return true;
        }
        return false;
      },
    };
  }

  /**
   * Whether the kept claim (unless it is `claimId`) has a line dated in [from, to] whose code
   * `test` accepts: read from the line's template and own parts, without decoding the claim.
   */
  private someLineOf(
    packed: Packed,
    from: CalendarDate,
    to: CalendarDate,
    claimId: string,
    test: (code: string) => boolean,
  ): boolean {
    const fields = packed.split(FIELD);
    if (fields[1] === claimId) return false;
    for (let i = LINES_FROM; i < fields.length; i++) {
      const text = fields[i] as string;
      const at = text.indexOf(PART);
      const code = this.templates[Number(text.slice(0, at))]?.['code'];
      if (typeof code !== 'string' || !test(code)) continue;
      const date = (JSON.parse(text.slice(at + 1)) as unknown[])[OWN_DATE];
      if (typeof date === 'string' && date >= from && date <= to) return true;
    }
    return false;
  }

  private sweep(): void {
    this.sinceSweep = 0;
    if (this.latest === undefined) return;
    const cutoff = addDays(this.latest, -this.reach.lookbackDays);
    for (const [person, kept] of this.people) {
      if (typeof kept === 'string') {
        if (lastOf(kept) < cutoff) this.replace(person, [kept], []);
        continue;
      }
      if (kept.every((k) => lastOf(k) >= cutoff)) continue;
      this.replace(
        person,
        kept,
        kept.filter((k) => lastOf(k) >= cutoff),
      );
    }
  }

  private replace(person: string, before: readonly Packed[], after: readonly Packed[]): void {
    if (after.length === before.length) return;
    this.held -= before.length - after.length;
    this.keep(person, after);
  }

  private keptOf(person: string): readonly Packed[] | undefined {
    const kept = this.people.get(person);
    return typeof kept === 'string' ? [kept] : kept;
  }

  private keep(person: string, kept: readonly Packed[]): void {
    if (kept.length === 0) this.people.delete(person);
    else this.people.set(person, kept.length === 1 ? (kept[0] as Packed) : kept);
  }
}

/** One claim's output: its lines (each ending in "\n") and its tally keys (see output.ts). */
export interface ReviewOutcome {
  readonly text: string;
  readonly keys: readonly string[];
}

const NOTHING: ReviewOutcome = { text: '', keys: [] };

export class SuperviseEngine {
  private readonly catalog: CatalogIndex;
  private readonly ruleSets: readonly CompiledRuleSet[];
  readonly history: HistoryStore;
  readonly versions: SuperviseVersions;

  constructor(sources: SuperviseSources) {
    const loaded = sources.rules.map(loadRuleSetFile);
    this.ruleSets = loaded.map((l) => compileRuleSet(l.ruleSet));
    this.catalog = loadSuperviseCatalog(sources.catalog);
    this.versions = {
      catalog: this.catalog.release.id,
      rules: loaded.map((l) => ({ id: l.ruleSet.id, digest: l.digest })),
    };
    this.history = new HistoryStore(historyReachOf(this.ruleSets), sources.historyMax);
  }

  /**
   * Review one input line (`historyOnly`: a claim a resumed run reviewed already — only
   * remembered as history). Never throws for bad input: an error line says what is wrong.
   */
  reviewLine(line: number, text: string, historyOnly: boolean): ReviewOutcome {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return historyOnly
        ? NOTHING
        : this.failure(line, [
            {
              code: 'input.malformed_json',
              severity: 'error',
              path: [],
              message: `line ${line} is not JSON: ${error instanceof SyntaxError ? error.message : 'unparseable'}`,
            },
          ]);
    }
    const validated = validateClaim(value);
    if (!validated.ok) return historyOnly ? NOTHING : this.failure(line, validated.issues);
    const claim = validated.value;
    const wire = value as { readonly lines: readonly unknown[]; readonly evidence?: unknown };
    if (historyOnly) {
      this.history.add(claim, wire);
      return NOTHING;
    }
    const findings = reviewClaim(
      claim,
      { catalog: this.catalog },
      { ruleSets: this.ruleSets, history: this.history.historyFor(claim) },
    );
    this.history.add(claim, wire);
    let out = '';
    const keys: string[] = [];
    for (const finding of findings) {
      out += `${findingLineText(claim, finding)}\n`;
      keys.push(findingKey(finding));
    }
    return { text: out, keys };
  }

  private failure(line: number, issues: readonly Issue[]): ReviewOutcome {
    const errors = issues.filter((i) => i.severity === 'error');
    const shown = errors.length > 0 ? errors : issues;
    return {
      text: `${errorLineText(line, shown)}\n`,
      keys: [`${ERROR_KEY}${shown[0]?.code ?? 'input.invalid'}`],
    };
  }
}
