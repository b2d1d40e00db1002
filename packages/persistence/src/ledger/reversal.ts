import { approvalFromWire, approvalToWire, reverseDrawDown } from '@openpayer/catalog';
import { type CalendarDate, Money, type Result, todayIn, fail, issue, ok } from '@openpayer/domain';
import {
  type AccumulatorDelta,
  type Accumulators,
  MONEY_ACCUMULATORS,
  accumulatorsSchema,
  applyDelta,
  emptyAccumulators,
  type SettlementWire,
  encodeAccumulators,
  settlementWireOf,
} from '@openpayer/pricing';
import type { Store } from '../database.ts';
import type { LedgerIssueCode, StoredSettlement } from './records.ts';
import { appendAudit } from '../audit-log.ts';

/** Reversal: a stored settlement undone, its accumulators and approval drawdowns given back. */

/** The delta a stored settlement applied, decoded from its wire body. */
function deltaOf(body: SettlementWire): AccumulatorDelta {
  const { delta } = body;
  const money = Object.fromEntries(
    MONEY_ACCUMULATORS.map((k) => [k, Money.of(delta.money[k] ?? '0.00')]),
  ) as AccumulatorDelta['money'];
  return { money, admissions: delta.admissions };
}

export interface ReverseCommand {
  /** Who reverses (a principal id). */
  readonly by?: string;
  readonly reason?: string;
  /** The day of the reversal (reopens exhausted approvals on that day). */
  readonly on?: CalendarDate;
}

/**
 * Reverses a stored settlement: the accumulators return exactly to where it found them and the
 * approvals it drew on get the quantity back. Recorded with who and why.
 */
export async function reverseStored(
  store: Store,
  settlementId: string,
  command: ReverseCommand = {},
): Promise<Result<StoredSettlement, LedgerIssueCode>> {
  return store.transaction(async (tx) => {
    const [row] = await tx.query<{
      id: string;
      status: string;
      person_id: string;
      year: number;
      institution_code: string;
      claim_id: string;
      body: string;
    }>(
      'SELECT id, status, person_id, year, institution_code, claim_id, body::text AS body FROM settlements WHERE id = $1 FOR UPDATE',
      [settlementId],
    );
    if (row === undefined) {
      return fail([
        issue('ledger.settlement_not_found', `no settlement ${settlementId}`, { path: ['id'] }),
      ]);
    }
    if (row.status === 'reversed') {
      return fail([
        issue('ledger.already_reversed', `settlement ${settlementId} is already reversed`, {
          path: ['id'],
        }),
      ]);
    }
    if (row.status === 'released') {
      return fail([
        issue(
          'ledger.settlement_released',
          `settlement ${settlementId} was held and released: reverse the settlement its release stored`,
          { path: ['id'] },
        ),
      ]);
    }
    const body = settlementWireOf(JSON.parse(row.body));
    // A held claim moved no accumulators and drew on no approval: reversing withdraws it.
    const held = row.status === 'held';
    if (!held) {
      const [acc] = await tx.query<{ body: string }>(
        'SELECT body::text AS body FROM accumulators WHERE person_id = $1 AND year = $2 FOR UPDATE',
        [row.person_id, row.year],
      );
      const current =
        acc === undefined
          ? emptyAccumulators(row.person_id as Accumulators['personId'], row.year)
          : accumulatorsSchema.parse(JSON.parse(acc.body));
      await tx.query(
        'UPDATE accumulators SET body = $3::text::jsonb, revision = revision + 1 WHERE person_id = $1 AND year = $2',
        [
          row.person_id,
          row.year,
          JSON.stringify(encodeAccumulators(applyDelta(current, deltaOf(body), -1))),
        ],
      );
    }

    // Give back what the lines drew from approvals.
    const on = command.on ?? todayIn();
    const { lines } = body;
    const approvalIds = held
      ? []
      : [...new Set(lines.flatMap((l) => (l.approvalId === null ? [] : [l.approvalId])))];
    for (const approvalId of approvalIds) {
      const [stored] = await tx.query<{ body: string }>(
        'SELECT body::text AS body FROM approvals WHERE person_id = $1 AND id = $2 FOR UPDATE',
        [row.person_id, approvalId],
      );
      if (stored === undefined) continue;
      let approval = approvalFromWire(JSON.parse(stored.body));
      for (const line of lines.filter((l) => l.approvalId === approvalId)) {
        const back = reverseDrawDown(approval, {
          claimId: row.claim_id,
          lineId: line.lineId,
          on,
        });
        if (back.ok) approval = back.value;
      }
      await tx.query(
        'UPDATE approvals SET body = $3::text::jsonb, status = $4, revision = revision + 1, updated_at = now() WHERE person_id = $1 AND id = $2',
        [row.person_id, approvalId, JSON.stringify(approvalToWire(approval)), approval.status],
      );
    }

    const by = command.by ?? 'system';
    const reason = command.reason ?? '';
    const reversal = { settlementId, by, reason, delta: body.delta };
    const [recorded] = await tx.query<{ created_at: string }>(
      'INSERT INTO reversals (person_id, settlement_id, reversed_by, reason, body) VALUES ($1, $2, $3, $4, $5::text::jsonb) RETURNING to_char(created_at AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\') AS created_at',
      [row.person_id, settlementId, by, reason, JSON.stringify(reversal)],
    );
    await tx.query(
      "UPDATE settlements SET status = 'reversed', reversed_at = now() WHERE person_id = $1 AND id = $2",
      [row.person_id, settlementId],
    );
    await appendAudit(tx, [
      {
        kind: 'settlement.reversed',
        actor: by,
        object: { type: 'settlement', id: settlementId },
        state: { status: 'reversed', settlement: body, reversal },
        person: row.person_id,
        event: {
          claimId: row.claim_id,
          institution: row.institution_code,
          reason,
          total: body.total,
        },
      },
    ]);
    return ok({
      id: row.id,
      status: 'reversed' as const,
      body,
      replayed: false,
      institutionCode: row.institution_code,
      personId: row.person_id,
      claimId: row.claim_id,
      reversal: { by, reason, at: recorded?.created_at ?? '' },
    });
  });
}
