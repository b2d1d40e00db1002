import { type CalendarDate, addDays, claimSchema } from '@openpayer/domain';
import { type PersonHistory, type PriorClaim, historyOf } from '@openpayer/supervision';
import type { SqlRunner } from './database.ts';

/**
 * The person's earlier claims a review reads (duplicates, repeated tests, courses, exit rules):
 * the stored claims of their live settlements (settled or held) with a service date in the
 * `lookbackDays` before `date` and up to it, oldest first. A reversed settlement is no history.
 */
export async function personHistory(
  db: SqlRunner,
  request: {
    readonly personId: string;
    readonly date: CalendarDate;
    readonly lookbackDays: number;
    /** A claim to leave out (the one under review, when it is stored already). */
    readonly exceptSettlementId?: string | undefined;
  },
): Promise<PersonHistory> {
  if (request.lookbackDays <= 0) return historyOf([]);
  const rows = await db.query<{ id: string; claim: string }>(
    `SELECT s.id, c.claim::text AS claim
     FROM settlements s JOIN settlement_claims c ON c.person_id = s.person_id AND c.settlement_id = s.id
     WHERE s.person_id = $1 AND s.status IN ('settled', 'held')
       AND s.service_date >= $2::date AND s.service_date <= $3::date
       AND s.id IS DISTINCT FROM $4
     ORDER BY s.service_date, s.seq`,
    [
      request.personId,
      addDays(request.date, -request.lookbackDays),
      // Claims whose admission began before the one under review may be discharged after it.
      addDays(request.date, request.lookbackDays),
      request.exceptSettlementId ?? null,
    ],
  );
  const claims: PriorClaim[] = rows.map((r) => ({
    claim: claimSchema.parse(JSON.parse(r.claim)),
    settlementId: r.id,
  }));
  return historyOf(claims);
}
