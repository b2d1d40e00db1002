import type { CatalogIndex } from '@openpayer/catalog';
import { type Claim, accountingYearOf, validateClaim } from '@openpayer/domain';
import {
  type Policy,
  SimulationBuilder,
  type SimulationSide,
  type SimulationVersions,
  settleSimulationSide,
} from '@openpayer/pricing';
import {
  type CompiledRuleSet,
  type PersonHistory,
  compileRuleSet,
  historyReachOf,
  simulationSettle,
} from '@openpayer/supervision';
import { CliError } from '../exit-codes.ts';
import { AccumulatorStore } from '../settle/accumulator-store.ts';
import { loadCatalogFile, loadPolicyFile } from '../settle/engine.ts';
import { HISTORY_MAX_DEFAULT, HistoryStore, loadRuleSetFile } from '../supervise/engine.ts';

/**
 * One simulation engine of a batch (`openpayer simulate`): the baseline and the candidate (each a
 * policy and a catalog release, loaded once), each with its own year-to-date accumulators of the
 * people it has seen, and the report builder of this engine's share of the claims. Each claim is
 * parsed and validated once and settled under both; each person's claims all come to the same
 * engine in input order, so under either version a claim meets exactly the accumulators of that
 * person's earlier claims in the file under that version.
 */

/** Absolute paths of one side's policy document, catalog release (or NRDL CSV) and rule sets. */
export interface SimulationSourceSide {
  readonly policy: string;
  readonly catalog: string;
  /** Smart-review rule sets (JSON) the side settles with (事中: their findings' actions apply). */
  readonly rules?: readonly string[] | undefined;
}

export interface SimulationSources {
  readonly baseline: SimulationSourceSide;
  readonly candidate: SimulationSourceSide;
  /** With rule sets: at most this many earlier claims are kept per person as their history. */
  readonly historyMax?: number | undefined;
}

interface Side {
  readonly policy: Policy;
  readonly catalog: CatalogIndex;
  readonly accumulators: AccumulatorStore;
  readonly ruleSets: readonly CompiledRuleSet[];
  readonly ruleIds: readonly string[];
}

export class SimulateEngine {
  private readonly baseline: Side;
  private readonly candidate: Side;
  /** The people's earlier claims, when a side reviews (history is of care, not of money: shared). */
  private readonly history: HistoryStore | undefined;
  readonly builder = new SimulationBuilder();
  readonly versions: SimulationVersions;

  constructor(sources: SimulationSources) {
    const catalogs = new Map<string, CatalogIndex>();
    const catalogOf = (file: string) => {
      const known = catalogs.get(file);
      if (known !== undefined) return known;
      const loaded = loadCatalogFile(file);
      catalogs.set(file, loaded);
      return loaded;
    };
    const side = (which: string, s: SimulationSourceSide): Side => {
      const rules = (s.rules ?? []).map((file) => loadRuleSetFile(file).ruleSet);
      return {
        policy: policyOf(which, s.policy),
        catalog: catalogOf(s.catalog),
        accumulators: new AccumulatorStore(),
        ruleSets: rules.map((r) => compileRuleSet(r)),
        ruleIds: rules.map((r) => r.id),
      };
    };
    this.baseline = side('baseline', sources.baseline);
    this.candidate = side('candidate', sources.candidate);
    const all = [...this.baseline.ruleSets, ...this.candidate.ruleSets];
    this.history =
      all.length === 0
        ? undefined
        : new HistoryStore(historyReachOf(all), sources.historyMax ?? HISTORY_MAX_DEFAULT);
    const named = (s: Side) => ({
      policy: s.policy.id,
      catalog: s.catalog.release.id,
      ...(s.ruleIds.length === 0 ? {} : { rules: s.ruleIds }),
    });
    this.versions = { baseline: named(this.baseline), candidate: named(this.candidate) };
  }

  /** One input line under both versions; never throws for bad input (it is counted and named). */
  simulateLine(record: number, line: number, text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.builder.refuseInput({ record, line }, [
        {
          code: 'input.malformed_json',
          severity: 'error',
          path: [],
          message: `line ${line} is not JSON: ${error instanceof SyntaxError ? error.message : 'unparseable'}`,
        },
      ]);
      return;
    }
    const validated = validateClaim(value);
    if (!validated.ok) {
      const id = (value as { id?: unknown } | null)?.id;
      this.builder.refuseInput(
        { record, line, ...(typeof id === 'string' ? { claimId: id } : {}) },
        validated.issues,
      );
      return;
    }
    const claim = validated.value;
    const year = accountingYearOf(claim);
    const history = this.history?.historyFor(claim);
    this.builder.add({
      record,
      line,
      claim,
      year,
      baseline: settleUnder(this.baseline, claim, year, history),
      candidate: settleUnder(this.candidate, claim, year, history),
    });
    this.history?.add(claim, value as { readonly lines: readonly unknown[] });
  }
}

/**
 * A policy, or a usage error naming its first problem when it does not load (a draft with a
 * mistake is the candidate's usual trouble, not an unreadable input); a missing file stays one.
 */
function policyOf(which: string, file: string): Policy {
  try {
    return loadPolicyFile(file);
  } catch (error) {
    if (error instanceof CliError && error.code === 'malformed_input') {
      throw new CliError('usage', `the ${which} policy does not load: ${error.message}`);
    }
    throw error;
  }
}

/** The claim under one version, carrying that version's accumulators on. */
function settleUnder(
  side: Side,
  claim: Claim,
  year: number,
  history: PersonHistory | undefined,
): SimulationSide {
  const result = settleSimulationSide(
    claim,
    side,
    side.accumulators.get(claim.person.id, year),
    undefined,
    history === undefined ? undefined : simulationSettle(side.ruleSets, history),
  );
  if (result.ok) side.accumulators.set(result.value.accumulatorsAfter);
  return result;
}
