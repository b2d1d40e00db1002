import type { CatalogIndex } from '@openpayer/catalog';
import { type Claim, accountingYearOf, validateClaim } from '@openpayer/domain';
import {
  type Policy,
  SimulationBuilder,
  type SimulationSide,
  type SimulationVersions,
  settleSimulationSide,
} from '@openpayer/pricing';
import { CliError } from '../exit-codes.ts';
import { AccumulatorStore } from '../settle/accumulator-store.ts';
import { loadCatalogFile, loadPolicyFile } from '../settle/engine.ts';

/**
 * One simulation engine of a batch (`openpayer simulate`): the baseline and the candidate (each a
 * policy and a catalog release, loaded once), each with its own year-to-date accumulators of the
 * people it has seen, and the report builder of this engine's share of the claims. Each claim is
 * parsed and validated once and settled under both; each person's claims all come to the same
 * engine in input order, so under either version a claim meets exactly the accumulators of that
 * person's earlier claims in the file under that version.
 */

export interface SimulationSources {
  /** Absolute paths of each side's policy document and catalog release (or NRDL CSV). */
  readonly baseline: { readonly policy: string; readonly catalog: string };
  readonly candidate: { readonly policy: string; readonly catalog: string };
}

interface Side {
  readonly policy: Policy;
  readonly catalog: CatalogIndex;
  readonly accumulators: AccumulatorStore;
}

export class SimulateEngine {
  private readonly baseline: Side;
  private readonly candidate: Side;
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
    const side = (which: string, s: SimulationSources['baseline']): Side => ({
      policy: policyOf(which, s.policy),
      catalog: catalogOf(s.catalog),
      accumulators: new AccumulatorStore(),
    });
    this.baseline = side('baseline', sources.baseline);
    this.candidate = side('candidate', sources.candidate);
    const named = (s: Side) => ({ policy: s.policy.id, catalog: s.catalog.release.id });
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
    this.builder.add({
      record,
      line,
      claim,
      year,
      baseline: settleUnder(this.baseline, claim, year),
      candidate: settleUnder(this.candidate, claim, year),
    });
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
function settleUnder(side: Side, claim: Claim, year: number): SimulationSide {
  const result = settleSimulationSide(claim, side, side.accumulators.get(claim.person.id, year));
  if (result.ok) side.accumulators.set(result.value.accumulatorsAfter);
  return result;
}
