import { type CalendarDate, addDays, claimSchema } from '@openpayer/domain';
import { type PersonHistory, type PriorClaim, historyOf } from '@openpayer/supervision';
import type { SqlRunner } from './database.ts';

/**
 * The history cross-claim rules read (duplicates, repeated tests, courses, exit rules): a person's
 * claims of live settlements (settled or held) settled before the claim under review, with a
 * service date no earlier than the rules' lookback. A reversed settlement is no history. "Before"
 * is the ledger's order, as `openpayer supervise` reads a file in its order: a review run and the
 * CLI over the same claims see the same history.
 */

/** A stored claim of the history, with where it stands in the ledger. */
export interface StoredPrior {
  readonly seq: number;
  readonly serviceDate: CalendarDate;
  readonly prior: PriorClaim;
}

/**
 * The stored claims of `personIds` with a service date from `from` on, by person, in ledger order
 * (one query for a page of claims under review).
 */
export async function storedHistories(
  db: SqlRunner,
  request: { readonly personIds: readonly string[]; readonly from: CalendarDate },
): Promise<Map<string, StoredPrior[]>> {
  const byPerson = new Map<string, StoredPrior[]>();
  if (request.personIds.length === 0) return byPerson;
  const rows = await db.query<{
    id: string;
    seq: string | number;
    person_id: string;
    service_date: string;
    claim: string;
  }>(
    `SELECT s.id, s.seq, s.person_id, to_char(s.service_date, 'YYYY-MM-DD') AS service_date,
       c.claim::text AS claim
     FROM settlements s JOIN settlement_claims c ON c.person_id = s.person_id AND c.settlement_id = s.id
     WHERE s.person_id = ANY($1::text[]) AND s.status IN ('settled', 'held')
       AND s.service_date >= $2::date
     ORDER BY s.seq`,
    [request.personIds, request.from],
  );
  for (const r of rows) {
    const list = byPerson.get(r.person_id) ?? [];
    list.push({
      seq: Number(r.seq),
      serviceDate: r.service_date as CalendarDate,
      prior: { claim: claimSchema.parse(JSON.parse(r.claim)), settlementId: r.id },
    });
    byPerson.set(r.person_id, list);
  }
  return byPerson;
}

/** A claim's earlier claims among a person's stored ones: those before `seq` within the lookback. */
export function priorsBefore(
  stored: readonly StoredPrior[] | undefined,
  request: { readonly date: CalendarDate; readonly lookbackDays: number; readonly seq?: number },
): PriorClaim[] {
  if (stored === undefined || request.lookbackDays <= 0) return [];
  const from = addDays(request.date, -request.lookbackDays);
  return stored
    .filter((s) => (request.seq === undefined || s.seq < request.seq) && s.serviceDate >= from)
    .map((s) => s.prior);
}

/** The history of a claim about to be settled: every stored claim of the person is before it. */
export async function personHistory(
  db: SqlRunner,
  request: {
    readonly personId: string;
    readonly date: CalendarDate;
    readonly lookbackDays: number;
  },
): Promise<PersonHistory> {
  if (request.lookbackDays <= 0) return historyOf([]);
  const stored = await storedHistories(db, {
    personIds: [request.personId],
    from: addDays(request.date, -request.lookbackDays),
  });
  return historyOf(priorsBefore(stored.get(request.personId), request));
}
