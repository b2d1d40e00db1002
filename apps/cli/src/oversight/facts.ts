import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type CalendarDate,
  Money,
  addDays,
  calendarDateSchema,
  serviceDateOf,
} from '@openpayer/domain';
import { type StoredFacts, type Store, insertKpiFacts, openStore } from '@openpayer/persistence';
import {
  type KpiDefinitionSet,
  demoKpiDefinitions,
  loadKpiDefinitions,
  settlementFacts,
} from '@openpayer/supervision';
import { CliError } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { inputFile, readRecords } from '../records.ts';

/**
 * The facts of a batch for `openpayer kpi` and `openpayer anomalies`: each settled result line of
 * RESULTS (as `openpayer settle` writes them, in input order) with the claim it was made from in
 * CLAIMS (the same file `settle` read), derived by the engine (`settlementFacts`) and written to an
 * embedded, in-memory store, where the same SQL as the server's sums them (`kpiSums`).
 */

export interface BatchFacts {
  readonly store: Store;
  readonly settled: number;
  readonly failed: number;
  /** The service dates the results span: [first, last + 1 day). */
  readonly from: CalendarDate | null;
  readonly to: CalendarDate | null;
}

interface ResultLine {
  readonly line?: number;
  readonly ok?: boolean;
  readonly claimId?: string;
  readonly total?: string;
  readonly payers?: Record<string, string>;
  readonly lines?: {
    readonly lineId: string;
    readonly coverageReasons: readonly string[];
    readonly payers: Record<string, string>;
  }[];
}

interface ClaimLike {
  readonly id?: string;
  readonly admissionDate?: string;
  readonly dischargeDate?: string;
}

const BATCH = 2000;

/** The definitions of --definitions FILE, or the shipped demo ones; refused naming the field. */
export function definitionsFrom(file: string | undefined, cwd: string): KpiDefinitionSet {
  const loaded =
    file === undefined
      ? demoKpiDefinitions()
      : loadKpiDefinitions(readJson('the KPI definitions', path.resolve(cwd, file)));
  if (!loaded.ok) {
    const first = loaded.issues[0];
    throw new CliError(
      'malformed_input',
      `the KPI definitions are not valid: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`,
    );
  }
  return loaded.value;
}

export function readJson(what: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError('file_not_found', `${what}: cannot read ${file}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(
      'malformed_input',
      `${what} (${file}) is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Exact Σ of a line's payers: the line's amount (they sum to it). */
function amountOf(payers: Record<string, string>): string {
  let sum = Money.zero();
  for (const v of Object.values(payers)) sum = sum.add(Money.of(v));
  return sum.toFixedString();
}

export async function loadBatchFacts(
  set: KpiDefinitionSet,
  files: { readonly claims: string; readonly results: string },
  io: Io,
): Promise<BatchFacts> {
  await inputFile(files.claims, io.cwd);
  await inputFile(files.results, io.cwd);
  const store = await openStore();
  const claims = readRecords(files.claims, 'ndjson', io.stdin, io.cwd);
  let settled = 0;
  let failed = 0;
  let from: CalendarDate | null = null;
  let last: CalendarDate | null = null;
  let pending: StoredFacts[] = [];
  try {
    for await (const r of readRecords(files.results, 'ndjson', io.stdin, io.cwd)) {
      if ('error' in r) {
        throw new CliError('malformed_input', `${files.results} line ${r.line}: ${r.error}`);
      }
      const result = r.value as ResultLine;
      // The claim the result was made from: the claims file's line the result names.
      let claim: { line: number; value: unknown } | undefined;
      for (;;) {
        const next = await claims.next();
        if (next.done === true) break;
        if (next.value.line === result.line) {
          claim = 'error' in next.value ? undefined : next.value;
          break;
        }
        if (next.value.line > (result.line ?? 0)) break;
      }
      if (result.ok !== true) {
        failed += 1;
        continue;
      }
      const c = claim?.value as (ClaimLike & Parameters<typeof settlementFacts>[2]) | undefined;
      if (c === undefined || c.id !== result.claimId || result.lines === undefined) {
        throw new CliError(
          'malformed_input',
          `${files.results} line ${r.line}: result of claim ${result.claimId ?? '?'} has no matching claim at line ${String(result.line)} of ${files.claims} (give the claims file the results were made from)`,
        );
      }
      const facts = settlementFacts(
        set,
        {
          total: result.total ?? '0',
          payers: result.payers ?? {},
          // Assigned, not spread: keys added to a spread copy take V8's slow path on Node 20.
          lines: result.lines.map((l) => Object.assign({}, l, { amount: amountOf(l.payers) })),
        },
        c,
      );
      const date = calendarDateSchema.safeParse(
        serviceDateOf({
          admissionDate: c.admissionDate ?? '',
          ...(c.dischargeDate === undefined ? {} : { dischargeDate: c.dischargeDate }),
        }),
      ).data;
      if (date === undefined) {
        throw new CliError(
          'malformed_input',
          `${files.claims} line ${String(result.line)}: claim ${c.id} has no valid admissionDate or dischargeDate`,
        );
      }
      if (from === null || date < from) from = date;
      if (last === null || date > last) last = date;
      pending.push(
        Object.assign({}, facts, { id: `r${String(r.line)}`, seq: String(r.line), date }),
      );
      settled += 1;
      if (pending.length >= BATCH) {
        await insertKpiFacts(store, pending);
        pending = [];
      }
    }
    await insertKpiFacts(store, pending);
  } catch (error) {
    await store.close();
    throw error;
  }
  return { store, settled, failed, from, to: last === null ? null : addDays(last, 1) };
}
