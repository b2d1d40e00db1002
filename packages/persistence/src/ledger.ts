import { createHash } from 'node:crypto';
import type { Approval, CatalogIndex } from '@openpayer/catalog';
import { type Claim, Money, type Result, fail, issue, ok } from '@openpayer/domain';
import {
  type AccumulatorDelta,
  type Accumulators,
  MONEY_ACCUMULATORS,
  type Policy,
  type Settlement,
  accumulatorsSchema,
  applyDelta,
  emptyAccumulators,
  settle,
  toWire,
} from '@openpayer/pricing';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Store } from './database.ts';
import { accumulators, idempotencyRecords, settlements } from './schema.ts';

/**
 * The settlement ledger: a settlement and the person's accumulators commit in one transaction,
 * with the accumulator row locked, so concurrent settlements for one person never lose an update;
 * an idempotency key replays the original result for the same request and refuses a different one.
 */

export const LEDGER_ISSUE_CODES = [
  'ledger.idempotency_key_reused',
  'ledger.settlement_not_found',
  'ledger.already_reversed',
] as const;
export type LedgerIssueCode = (typeof LEDGER_ISSUE_CODES)[number];

export interface StoredSettlement {
  readonly id: string;
  readonly status: 'settled' | 'reversed';
  /** The settlement as wire JSON (what the API returns). */
  readonly body: Record<string, unknown>;
  /** True when an idempotency key replayed an earlier result. */
  readonly replayed: boolean;
}

export interface SettleCommand {
  readonly id: string;
  readonly claim: Claim;
  readonly policy: Policy;
  readonly catalog: CatalogIndex;
  readonly approvals?: readonly Approval[];
  /** Who is asking (an API principal); idempotency keys are per principal. */
  readonly principal: string;
  readonly idempotencyKey?: string;
  /** The request body as received, for the idempotency comparison. */
  readonly requestText: string;
}

export function requestHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function accumulatorsToJson(a: Accumulators): Record<string, unknown> {
  return toWire(a) as Record<string, unknown>;
}

async function lockAccumulators(tx: Db, personId: string, year: number): Promise<Accumulators> {
  await tx
    .insert(accumulators)
    .values({
      personId,
      year,
      body: accumulatorsToJson(emptyAccumulators(personId as Accumulators['personId'], year)),
    })
    .onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(accumulators)
    .where(and(eq(accumulators.personId, personId), eq(accumulators.year, year)))
    .for('update');
  if (row === undefined) throw new Error(`accumulators row for ${personId}/${year} vanished`);
  return accumulatorsSchema.parse(row.body);
}

async function saveAccumulators(tx: Db, a: Accumulators): Promise<void> {
  await tx
    .update(accumulators)
    .set({ body: accumulatorsToJson(a), revision: sql`${accumulators.revision} + 1` })
    .where(and(eq(accumulators.personId, a.personId), eq(accumulators.year, a.year)));
}

async function replay(
  tx: Db,
  principal: string,
  key: string,
  hash: string,
): Promise<Result<StoredSettlement, LedgerIssueCode> | undefined> {
  const [record] = await tx
    .select()
    .from(idempotencyRecords)
    .where(and(eq(idempotencyRecords.principal, principal), eq(idempotencyRecords.key, key)));
  if (record === undefined) return undefined;
  if (record.requestHash !== hash) {
    return fail([
      issue(
        'ledger.idempotency_key_reused',
        `Idempotency-Key "${key}" was used for a different request`,
        {
          path: ['Idempotency-Key'],
        },
      ),
    ]);
  }
  const [row] = await tx.select().from(settlements).where(eq(settlements.id, record.settlementId));
  if (row === undefined)
    throw new Error(`idempotency record points at a missing settlement ${record.settlementId}`);
  return ok({
    id: row.id,
    status: row.status as StoredSettlement['status'],
    body: row.body as Record<string, unknown>,
    replayed: true,
  });
}

/** Settles a claim and stores the result with the accumulators it moved, atomically. */
export async function settleAndStore(
  store: Store,
  command: SettleCommand,
): Promise<Result<StoredSettlement>> {
  const hash = requestHash(command.requestText);
  const year = Number((command.claim.dischargeDate ?? command.claim.admissionDate).slice(0, 4));
  const attempt = () =>
    store.db.transaction(async (tx): Promise<Result<StoredSettlement>> => {
      // The person's row first: it serialises this person's settlements (and replays of one key).
      const before = await lockAccumulators(tx, command.claim.person.id, year);
      if (command.idempotencyKey !== undefined) {
        const earlier = await replay(tx, command.principal, command.idempotencyKey, hash);
        if (earlier !== undefined) return earlier;
      }
      const result = settle(command.claim, {
        policy: command.policy,
        catalog: command.catalog,
        accumulators: before,
        ...(command.approvals === undefined ? {} : { approvals: command.approvals }),
      });
      if (!result.ok) return fail(result.issues);
      const s: Settlement = result.value;
      const body = toWire(s) as Record<string, unknown>;
      await tx.insert(settlements).values({
        id: command.id,
        claimId: s.claimId,
        institutionCode: command.claim.institution.code,
        personId: command.claim.person.id,
        year,
        status: 'settled',
        policyId: s.versions.policy,
        catalogReleaseId: s.versions.catalog,
        total: s.total.toFixedString(),
        body,
      });
      await saveAccumulators(tx, s.accumulatorsAfter);
      if (command.idempotencyKey !== undefined) {
        await tx.insert(idempotencyRecords).values({
          principal: command.principal,
          key: command.idempotencyKey,
          requestHash: hash,
          settlementId: command.id,
        });
      }
      return ok({ id: command.id, status: 'settled', body, replayed: false });
    });
  try {
    return await attempt();
  } catch (error) {
    // Two first uses of one key raced (different people): the loser replays or is refused.
    if (command.idempotencyKey !== undefined && isUniqueViolation(error)) {
      const again = await store.db.transaction((tx) =>
        replay(tx, command.principal, command.idempotencyKey as string, hash),
      );
      if (again !== undefined) return again;
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } }).code ??
    (error as { cause?: { code?: unknown } }).cause?.code;
  return code === '23505';
}

/** The delta a stored settlement applied, decoded from its wire body. */
function deltaOf(body: Record<string, unknown>): AccumulatorDelta {
  const delta = body['delta'] as { money: Record<string, string>; admissions: number };
  const money = Object.fromEntries(
    MONEY_ACCUMULATORS.map((k) => [k, Money.of(delta.money[k] ?? '0.00')]),
  ) as AccumulatorDelta['money'];
  return { money, admissions: delta.admissions };
}

/** Reverses a stored settlement: the accumulators return exactly to where it found them. */
export async function reverseStored(
  store: Store,
  settlementId: string,
): Promise<Result<StoredSettlement, LedgerIssueCode>> {
  return store.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(settlements)
      .where(eq(settlements.id, settlementId))
      .for('update');
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
    const body = row.body as Record<string, unknown>;
    const current = await lockAccumulators(tx, row.personId, row.year);
    await saveAccumulators(tx, applyDelta(current, deltaOf(body), -1));
    await tx
      .update(settlements)
      .set({ status: 'reversed', reversedAt: sql`now()` })
      .where(eq(settlements.id, settlementId));
    return ok({ id: row.id, status: 'reversed' as const, body, replayed: false });
  });
}

export async function readAccumulators(
  store: Store,
  personId: string,
  year: number,
): Promise<Accumulators> {
  const [row] = await store.db
    .select()
    .from(accumulators)
    .where(and(eq(accumulators.personId, personId), eq(accumulators.year, year)));
  return row === undefined
    ? emptyAccumulators(personId as Accumulators['personId'], year)
    : accumulatorsSchema.parse(row.body);
}

export async function countSettlements(store: Store): Promise<number> {
  const [row] = await store.db.select({ n: sql<number>`count(*)::int` }).from(settlements);
  return row?.n ?? 0;
}

export async function readSettlement(
  store: Store,
  id: string,
): Promise<StoredSettlement | undefined> {
  const [row] = await store.db.select().from(settlements).where(eq(settlements.id, id));
  return row === undefined
    ? undefined
    : {
        id: row.id,
        status: row.status as StoredSettlement['status'],
        body: row.body as Record<string, unknown>,
        replayed: false,
      };
}
