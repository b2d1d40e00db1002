import { type Approval, CatalogIndex, approvalFromWire } from '@openpayer/catalog';
import { type Result, claimSchema, fail, findingSchema, issue, ok } from '@openpayer/domain';
import { type Policy, accumulatorsSchema, encodeSettlement, settle } from '@openpayer/pricing';
import type { Store } from './database.ts';
import { readPolicy } from './policies.ts';
import { loadRelease } from './releases.ts';

/**
 * Replay: a stored settlement re-settled from what was stored with it gives the stored body,
 * byte for byte (canonical JSON), or says where it first differs.
 *
 * What `settle` read when the ledger settled the claim, and where the replay finds it:
 * - the claim: settlement_claims.claim (claimSchema's wire form of the validated claim);
 * - the policy and the catalog release: the ids in the body's `versions`, resolved by the caller
 *   (`versions`) or loaded from the store (`versionsFromStore`);
 * - the person's accumulators before the claim: the body's `accumulatorsBefore`;
 * - the approvals: settlement_claims.approvals, the person's approved approvals exactly as the
 *   engine was given them (after the drawdowns of claims settled before it, in the same group
 *   or earlier), so a claim that used an approval replays exactly too — not the approvals'
 *   current state, which later drawdowns, reversals and expiry have changed.
 * The ledger passes nothing else (no usage history; explanations on, as here). Settlements stored
 * before migration 0007 have no stored claim and are refused (`replay.claim_not_stored`).
 *
 * A replay writes nothing: no accumulators move and no approval is drawn.
 */

export const REPLAY_ISSUE_CODES = [
  'replay.settlement_not_found',
  /** Stored before claims were kept with their settlement (migration 0007). */
  'replay.claim_not_stored',
  /** The stored claim no longer decodes with the claim schema. data: { issues } */
  'replay.claim_invalid',
  /** A version the settlement recorded is not available. data: { policy?, catalog? } */
  'replay.version_not_found',
  /** The engine refused the stored claim on replay. data: { issues } */
  'replay.refused',
] as const;
export type ReplayIssueCode = (typeof REPLAY_ISSUE_CODES)[number];

/** The policy and catalog release versions a replay settles with, by the ids a settlement recorded. */
export interface ReplayVersions {
  policy(id: string): Policy | undefined | Promise<Policy | undefined>;
  catalog(id: string): CatalogIndex | undefined | Promise<CatalogIndex | undefined>;
}

export interface ReplayOutcome {
  readonly settlementId: string;
  /** The replayed body is the stored one, byte for byte (canonical JSON). */
  readonly identical: boolean;
  /** The stored body, canonical JSON (keys sorted, no spaces). */
  readonly stored: string;
  /** The replayed body, canonical JSON, encoded as the ledger encodes the body it stores. */
  readonly replayed: string;
  /** Where the bodies first differ (keys in sorted order), e.g. ['payers', 'fund']. */
  readonly firstDifference?: readonly (string | number)[];
}

/**
 * The versions stored in the database (policies, catalog_releases), each loaded once per
 * resolver: reuse one resolver to replay many settlements (indexing a release is the slow part).
 */
export function versionsFromStore(store: Store): ReplayVersions {
  const policies = new Map<string, Promise<Policy | undefined>>();
  const catalogs = new Map<string, Promise<CatalogIndex | undefined>>();
  return {
    policy(id) {
      let found = policies.get(id);
      if (found === undefined) {
        found = readPolicy(store, id).then((r) => r?.policy);
        policies.set(id, found);
      }
      return found;
    },
    catalog(id) {
      let found = catalogs.get(id);
      if (found === undefined) {
        found = loadRelease(store, id).then((r) =>
          r === undefined ? undefined : new CatalogIndex(r),
        );
        catalogs.set(id, found);
      }
      return found;
    },
  };
}

/**
 * Re-settles stored settlement `settlementId` with the versions it recorded and compares the
 * result with the stored body. Versions come from `versions`, else from the store.
 */
export async function replaySettlement(
  store: Store,
  settlementId: string,
  versions: ReplayVersions = versionsFromStore(store),
): Promise<Result<ReplayOutcome, ReplayIssueCode>> {
  const [row] = await store.query<{ body: string; claim: string | null; approvals: string | null }>(
    `SELECT s.body::text AS body, c.claim::text AS claim, c.approvals::text AS approvals
     FROM settlements s
     LEFT JOIN settlement_claims c ON c.person_id = s.person_id AND c.settlement_id = s.id
     WHERE s.id = $1`,
    [settlementId],
  );
  if (row === undefined) {
    return fail([
      issue('replay.settlement_not_found', `no settlement ${settlementId}`, { path: ['id'] }),
    ]);
  }
  if (row.claim === null) {
    return fail([
      issue(
        'replay.claim_not_stored',
        `settlement ${settlementId} was stored without its claim (before migration 0007)`,
        { path: ['id'] },
      ),
    ]);
  }
  const body = JSON.parse(row.body) as {
    versions: { policy: string; catalog: string };
    accumulatorsBefore: unknown;
    findings?: unknown[];
  };
  const decoded = claimSchema.safeParse(JSON.parse(row.claim));
  if (!decoded.success) {
    return fail([
      issue('replay.claim_invalid', `the claim stored with ${settlementId} no longer decodes`, {
        path: ['claim'],
        data: { issues: decoded.error.issues },
      }),
    ]);
  }
  const [policy, catalog] = await Promise.all([
    versions.policy(body.versions.policy),
    versions.catalog(body.versions.catalog),
  ]);
  if (policy === undefined || catalog === undefined) {
    return fail([
      issue(
        'replay.version_not_found',
        `settlement ${settlementId} was settled with ${[
          ...(policy === undefined ? [`policy ${body.versions.policy}`] : []),
          ...(catalog === undefined ? [`catalog release ${body.versions.catalog}`] : []),
        ].join(' and ')}, not available`,
        {
          path: ['versions'],
          data: {
            ...(policy === undefined ? { policy: body.versions.policy } : {}),
            ...(catalog === undefined ? { catalog: body.versions.catalog } : {}),
          },
        },
      ),
    ]);
  }
  const approvals: Approval[] =
    row.approvals === null ? [] : (JSON.parse(row.approvals) as unknown[]).map(approvalFromWire);
  // The review's findings are part of what the settlement was given (the rules and history that
  // produced them may have moved on since): replay applies them as recorded.
  const findings = body.findings?.map((f) => findingSchema.parse(f));
  const result = settle(decoded.data, {
    policy,
    catalog,
    accumulators: accumulatorsSchema.parse(body.accumulatorsBefore),
    ...(approvals.length > 0 ? { approvals } : {}),
    ...(findings === undefined ? {} : { findings }),
  });
  if (!result.ok) {
    return fail([
      issue('replay.refused', `the engine refused the claim of ${settlementId} on replay`, {
        path: ['claim'],
        data: { issues: result.issues },
      }),
    ]);
  }
  const storedValue = canonical(JSON.parse(row.body));
  const replayedValue = canonical(JSON.parse(JSON.stringify(encodeSettlement(result.value))));
  const stored = JSON.stringify(storedValue);
  const replayed = JSON.stringify(replayedValue);
  if (stored === replayed) return ok({ settlementId, identical: true, stored, replayed });
  return ok({
    settlementId,
    identical: false,
    stored,
    replayed,
    firstDifference: firstDifference(storedValue, replayedValue, []) ?? [],
  });
}

/**
 * The value with every object's keys in sorted order (code unit order): the stored body comes
 * back from jsonb with its keys reordered, so both sides are compared in one canonical order.
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = canonical((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

function firstDifference(
  a: unknown,
  b: unknown,
  path: (string | number)[],
): (string | number)[] | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (i >= a.length || i >= b.length) return [...path, i];
      const d = firstDifference(a[i], b[i], [...path, i]);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      if (!(key in a) || !(key in b)) return [...path, key];
      const d = firstDifference(a[key], b[key], [...path, key]);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? undefined : path;
}
