import type { CatalogIndex } from '@openpayer/catalog';
import {
  type CalendarDate,
  type Claim,
  type Issue,
  type RegionCode,
  accountingYearOf,
  issue,
  serviceDateOf,
} from '@openpayer/domain';
import { type Policy, type Settlement, precheck } from '@openpayer/pricing';
import {
  type CompiledRuleSet,
  type ReviewPlan,
  lookbackOf,
  settleReviewed,
} from '@openpayer/supervision';
import { approvedApprovalsOf } from './approvals.ts';
import type { Store } from './database.ts';
import { type StoredSettlement, settleAndStore } from './ledger.ts';
import type { Principal } from './principals.ts';
import { personHistory } from './review-history.ts';
import { institutionKnowsPerson, readAccumulators } from './settlements.ts';

/**
 * Settling and pre-checking a validated claim against what is in force on its service date —
 * one flow for the API's JSON routes, its FHIR adapter and `openpayer serve`'s demo data.
 */

/**
 * What the flow reads: the database, a clock, the versions in force, and the runtime's random
 * bytes. The API's services extend it; the flow imports nothing of Node, so the runtime's pieces
 * (its CSPRNG) come in here.
 */
export interface SettlementServices {
  readonly store: Store;
  /** The current time (tests pass a fixed clock). */
  readonly now: () => Date;
  /** The release in force on `date` for `region` (city > province > national). */
  catalogAt(date: CalendarDate, region: RegionCode): Promise<CatalogIndex | undefined>;
  /** The activated policy version in force for `region` on `date` (`policyInForce`). */
  policyAt(date: CalendarDate, region: string): Promise<Policy | undefined>;
  /** `bytes` cryptographically random bytes as lowercase hex (e.g. Node's `randomBytes`). */
  randomHex(bytes: number): string;
  /**
   * The smart-review rule sets in force for `region` on `date` (national and regional,
   * `ruleSetsInForce`), compiled; none when the fund has activated none. Absent: no review.
   */
  ruleSetsAt?(date: CalendarDate, region: RegionCode): Promise<readonly CompiledRuleSet[]>;
}

/** Settlement ids: time-ordered (`now` in base 36) and unguessable (8 random bytes). */
export function newSettlementId(now: Date, randomHex: (bytes: number) => string): string {
  return newId('stl', now, randomHex);
}

/** A time-ordered, unguessable id: `prefix_`, `now` in base 36, 8 random bytes (hex). */
export function newId(prefix: string, now: Date, randomHex: (bytes: number) => string): string {
  return `${prefix}_${now.getTime().toString(36).padStart(9, '0')}${randomHex(8)}`;
}

/** The policy and catalog release a claim is settled with. */
export interface VersionsInForce {
  readonly policy: Policy;
  readonly catalog: CatalogIndex;
}

/** The smart-review rule sets in force for a claim (none when the services review nothing). */
async function ruleSetsFor(
  services: Pick<SettlementServices, 'ruleSetsAt'>,
  claim: Claim,
): Promise<readonly CompiledRuleSet[]> {
  return services.ruleSetsAt === undefined
    ? []
    : services.ruleSetsAt(serviceDateOf(claim), claim.person.insuredRegion);
}

/**
 * The review a claim gets at the prescribing stage (pre-check): the rule sets in force on its
 * service date and the person's stored claims as far back as those rules read. Undefined when no
 * rule set is in force. (Settling reads the history inside the ledger's transaction instead.)
 */
async function prescribingReviewOf(
  services: Pick<SettlementServices, 'store' | 'ruleSetsAt'>,
  claim: Claim,
): Promise<ReviewPlan | undefined> {
  const ruleSets = await ruleSetsFor(services, claim);
  if (ruleSets.length === 0) return undefined;
  const history = await personHistory(services.store, {
    personId: claim.person.id,
    date: serviceDateOf(claim),
    lookbackDays: lookbackOf(ruleSets),
  });
  return { ruleSets, history, stage: 'prescribe' };
}

/** The policy and catalog release in force for a claim, or the issues saying what is missing. */
export async function versionsFor(
  services: SettlementServices,
  claim: Claim,
): Promise<{ ok: true; value: VersionsInForce } | { ok: false; issues: Issue[] }> {
  const date = serviceDateOf(claim);
  const region = claim.person.insuredRegion;
  const [policy, catalog] = await Promise.all([
    services.policyAt(date, region),
    services.catalogAt(date, region),
  ]);
  const issues: Issue[] = [];
  if (policy === undefined) {
    issues.push(
      issue(
        'settlement.no_policy_in_force',
        `no activated policy for region ${region} on ${date}`,
        {
          path: ['person', 'insuredRegion'],
          data: { region, date },
        },
      ),
    );
  }
  if (catalog === undefined) {
    issues.push(
      issue(
        'settlement.no_catalog_in_force',
        `no catalog release for region ${region} on ${date}`,
        {
          path: ['dischargeDate'],
          data: { region, date },
        },
      ),
    );
  }
  return policy === undefined || catalog === undefined
    ? { ok: false, issues }
    : { ok: true, value: { policy, catalog } };
}

export type ClaimOutcome<T> =
  | { readonly ok: true; readonly value: T }
  /**
   * 422: nothing in force, or the engine refused; 409: the idempotency key was used for another
   * body, or the claim already has a live settlement.
   */
  | { readonly ok: false; readonly status: 409 | 422; readonly issues: readonly Issue[] };

/**
 * What the claim would pay with the person's stored accumulators and approved approvals — what
 * settling it now would give; nothing is committed and nothing is drawn down.
 */
export async function precheckClaim(
  services: SettlementServices,
  claim: Claim,
): Promise<ClaimOutcome<Settlement>> {
  const versions = await versionsFor(services, claim);
  if (!versions.ok) return { ok: false, status: 422, issues: versions.issues };
  const [accumulators, approvals] = await Promise.all([
    readAccumulators(services.store, claim.person.id, accountingYearOf(claim)),
    approvedApprovalsOf(services.store, claim.person.id),
  ]);
  const context = {
    ...versions.value,
    accumulators,
    ...(approvals.length > 0 ? { approvals } : {}),
  };
  // Pre-check is the prescribing stage (事前): the doctor sees what settlement would find.
  const plan = await prescribingReviewOf(services, claim);
  const result =
    plan === undefined ? precheck(claim, context) : settleReviewed(claim, context, plan);
  return result.ok ? result : { ok: false, status: 422, issues: result.issues };
}

/**
 * Whether `principal` may see the person's year-to-date records (accumulators): the fund's roles
 * always; an institution integrator only for a patient of its own institution (a settlement or an
 * approval there) — the rule of `GET /v1/accumulators`, applied to every answer that carries them.
 */
export async function mayReadPatientRecords(
  services: Pick<SettlementServices, 'store'>,
  principal: Principal,
  personId: string,
): Promise<boolean> {
  if (principal.role !== 'institution_integrator') return true;
  return institutionKnowsPerson(services.store, principal.institutionCode ?? '', personId);
}

/**
 * A settlement's wire body as `principal` may see it: without the person's accumulators before
 * and after when they are records of other institutions (the decision, the split and this claim's
 * own delta stay).
 */
export async function settlementWireFor<T extends Record<string, unknown>>(
  services: Pick<SettlementServices, 'store'>,
  principal: Principal,
  personId: string,
  body: T,
): Promise<T> {
  if (await mayReadPatientRecords(services, principal, personId)) return body;
  const { accumulatorsBefore: _before, accumulatorsAfter: _after, ...rest } = body;
  return { ...rest, accumulatorsWithheld: true } as unknown as T;
}

/** Settle and store (with the accumulators and approval drawdowns, atomically). */
export async function settleClaim(
  services: SettlementServices,
  request: {
    readonly claim: Claim;
    readonly principal: string;
    /** Retries with this key and the same body answer the stored settlement. */
    readonly idempotencyKey: string | undefined;
    /** The body as sent, for the idempotency comparison. */
    readonly requestText: string;
    /** A fixed settlement id (e.g. the demo seeding's); a new one otherwise. */
    readonly id?: string;
  },
): Promise<ClaimOutcome<StoredSettlement>> {
  const versions = await versionsFor(services, request.claim);
  if (!versions.ok) return { ok: false, status: 422, issues: versions.issues };
  const ruleSets = await ruleSetsFor(services, request.claim);
  const result = await settleAndStore(services.store, {
    id: request.id ?? newSettlementId(services.now(), (n) => services.randomHex(n)),
    claim: request.claim,
    ...versions.value,
    ...(ruleSets.length === 0 ? {} : { review: { ruleSets, stage: 'settle' as const } }),
    principal: request.principal,
    idempotencyKey: request.idempotencyKey,
    requestText: request.requestText,
  });
  if (result.ok) return result;
  const conflict = result.issues.some(
    (i) => i.code === 'ledger.idempotency_key_reused' || i.code === 'ledger.claim_already_settled',
  );
  return { ok: false, status: conflict ? 409 : 422, issues: result.issues };
}
