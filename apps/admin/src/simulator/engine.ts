/**
 * The engine in the browser, loaded on demand (`import('./engine.ts')`) so that the other screens
 * stay light: the same claim validation as the API (`validateClaim`), and the same pre-check
 * (`@openpayer/pricing` `precheck` over a `@openpayer/catalog` index) on the same inputs the API
 * uses — the policy in force, the catalog slice the claim reads, the person's accumulators and
 * approved approvals — each fetched from the API and kept until it could have changed.
 */
import {
  CatalogIndex,
  type LineDecisionWire,
  approvalFromWire,
  catalogReleaseSchema,
  decideClaim,
  encodeLineDecisions,
} from '@openpayer/catalog';
import { type Claim, type Issue, serviceDateOf, validateClaim } from '@openpayer/domain';
import {
  type SettlementWire,
  accumulatorsSchema,
  encodeSettlement,
  loadPolicy,
  policyInForce,
  precheck,
} from '@openpayer/pricing';
import { type ApiError, type ApiResult, api, call } from '../api/client.ts';
import { apiFetch } from '../session/session.ts';
import type { PolicyWireView } from './wire.ts';

export type Validation =
  | { readonly ok: true; readonly claim: Claim; readonly issues: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** The API's own check of a claim body: schema, national codes, dates, amounts. */
export function validate(value: unknown): Validation {
  const result = validateClaim(value);
  return result.ok
    ? { ok: true, claim: result.value, issues: result.issues }
    : { ok: false, issues: result.issues };
}

export interface Preview {
  readonly settlement: SettlementWire;
  readonly decisions: readonly LineDecisionWire[];
  readonly policy: PolicyWireView & { readonly activeFrom: string };
  readonly release: { readonly id: string; readonly title: string; readonly items: number };
}

export type PreviewOutcome =
  | { readonly ok: true; readonly preview: Preview }
  | { readonly ok: false; readonly error: ApiError };

/** A person's approved approvals read for a preview: the API's largest page. */
const APPROVALS_READ = '200';

/** POST a claim exactly as typed (the routes read the body themselves). */
export function postClaim<T>(path: string, text: string): Promise<ApiResult<T>> {
  return call<T>(
    apiFetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    }) as Promise<Response & { json(): Promise<T> }>,
  );
}

/** POST /v1/catalog/slice: the release document, decoded here with the catalog's own schema. */
interface SliceBody {
  readonly release: unknown;
}

const policies = new Map<string, Promise<ApiResult<{ wire: unknown }>>>();
const slices = new Map<string, Promise<ApiResult<SliceBody>>>();

function policyById(id: string) {
  let found = policies.get(id);
  if (found === undefined) {
    // Policy versions are immutable once stored: one fetch per id.
    found = call(api.v1.policies[':id'].$get({ param: { id } })).then((r) =>
      r.ok ? { ok: true as const, data: { wire: r.data.policy } } : r,
    );
    policies.set(id, found);
    void found.then((r) => {
      if (!r.ok) policies.delete(id);
    });
  }
  return found;
}

/** The lines as the catalog look-up reads them: a new slice is needed only when these change. */
function sliceKey(claim: Claim): string {
  return JSON.stringify([
    serviceDateOf(claim),
    claim.person.insuredRegion,
    claim.institution.code,
    claim.lines.map((l) => [l.kind, l.code, l.localCode ?? null, l.name]),
  ]);
}

const failure = (message: string, code = 'preview_failed'): ApiError => ({
  status: 0,
  code,
  message,
  issues: [],
});

/**
 * What the claim would pay, computed here. The accumulators and the list of active policies are
 * asked for each time (a settlement or an activation may have moved them); a policy version is
 * fetched once, and the catalog slice once per set of lines.
 */
export async function runPreview(claim: Claim, claimText: string): Promise<PreviewOutcome> {
  const date = serviceDateOf(claim);
  const region = claim.person.insuredRegion;
  const key = sliceKey(claim);
  let slice = slices.get(key);
  if (slice === undefined) {
    slice = postClaim<SliceBody>('/v1/catalog/slice', claimText);
    slices.set(key, slice);
    void slice.then((r) => {
      if (!r.ok) slices.delete(key);
    });
  }
  const [list, sliced, accumulators, approved] = await Promise.all([
    call(api.v1.policies.$get()),
    slice,
    call(
      api.v1.accumulators[':personId'][':year'].$get({
        param: { personId: claim.person.id, year: date.slice(0, 4) },
      }),
    ),
    // The approvals a settlement of this claim could draw on (the API's pre-check reads them too).
    call(
      api.v1.approvals.$get({
        query: { person: claim.person.id, status: 'approved', limit: APPROVALS_READ },
      }),
    ),
  ]);
  if (!list.ok) return { ok: false, error: list.error };
  if (!sliced.ok) return { ok: false, error: sliced.error };
  if (!accumulators.ok) return { ok: false, error: accumulators.error };
  if (!approved.ok) return { ok: false, error: approved.error };

  // The same rule the API settles by.
  const inForce = policyInForce(list.data.items, region, date);
  if (inForce === undefined) {
    return {
      ok: false,
      error: failure(
        `no activated policy for region ${region} on ${date}`,
        'settlement.no_policy_in_force',
      ),
    };
  }
  const fetched = await policyById(inForce.id);
  if (!fetched.ok) return { ok: false, error: fetched.error };
  const policy = loadPolicy(fetched.data.wire);
  if (!policy.ok) {
    return {
      ok: false,
      error: { ...failure(`policy ${inForce.id} does not load`), issues: policy.issues },
    };
  }
  const release = catalogReleaseSchema.safeDecode(sliced.data.release as never);
  if (!release.success) return { ok: false, error: failure('the catalog slice does not decode') };
  const decodedAccumulators = accumulatorsSchema.safeDecode(accumulators.data as never);
  if (!decodedAccumulators.success)
    return { ok: false, error: failure('the accumulators do not decode') };

  // Oldest first, the order in which the ledger offers them to the engine.
  const approvals = approved.data.items.map((i) => approvalFromWire(i.approval)).reverse();
  const withApprovals = approvals.length > 0 ? { approvals } : {};

  const catalog = new CatalogIndex(release.data);
  const result = precheck(claim, {
    policy: policy.value,
    catalog,
    accumulators: decodedAccumulators.data,
    ...withApprovals,
  });
  if (!result.ok) {
    return {
      ok: false,
      error: {
        ...failure(result.issues[0]?.message ?? 'the engine refused the claim', 'unprocessable'),
        issues: result.issues,
      },
    };
  }
  return {
    ok: true,
    preview: {
      settlement: encodeSettlement(result.value),
      decisions: encodeLineDecisions(decideClaim(catalog, claim, withApprovals)),
      policy: {
        ...(fetched.data.wire as PolicyWireView),
        activeFrom: inForce.activeFrom ?? '',
      },
      release: {
        id: release.data.id,
        title: release.data.title,
        items: release.data.items.length,
      },
    },
  };
}
