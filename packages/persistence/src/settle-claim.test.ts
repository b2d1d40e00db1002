import { type Claim, claimSchema } from '@openpayer/domain';
import { encodeSettlement } from '@openpayer/pricing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from './database.ts';
import type { Principal } from './principals.ts';
import {
  type SettlementServices,
  precheckClaim,
  settleClaim,
  settlementWireFor,
} from './settle-claim.ts';
import { backends } from './__fixtures__/backends.ts';
import { claimText } from './__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';

/**
 * The settle / pre-check flow with no API around it: the services are the narrow interface it
 * declares, built here over a store, a fixed clock and a recorded source of random bytes.
 */

const { policy, catalog } = demoPolicyAndCatalog();
const NOW = new Date('2025-07-01T08:00:00Z');

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** The demo policy and catalog in force in the demo policy's region only; random bytes recorded. */
function servicesOver(s: Store) {
  const asked: number[] = [];
  const services: SettlementServices = {
    store: s,
    now: () => NOW,
    catalogAt: (_date, region) => Promise.resolve(region === policy.region ? catalog : undefined),
    policyAt: (_date, region) => Promise.resolve(region === policy.region ? policy : undefined),
    randomHex: (bytes) => {
      asked.push(bytes);
      return 'ab'.repeat(bytes);
    },
  };
  return { services, asked };
}

const claimOf = (text: string): Claim => claimSchema.parse(JSON.parse(text));

const integrator = (institutionCode: string): Principal => ({
  id: `integrator-${institutionCode}`,
  name: institutionCode,
  role: 'institution_integrator',
  institutionCode,
});

describe.each(backends('openpayer_test_settle_claim'))('the settle flow on $name', ({ open }) => {
  it('pre-checks what settling gives, then settles under an id of the clock and the injected random bytes', async () => {
    store = await open();
    const { services, asked } = servicesOver(store);
    const text = claimText('C-FLOW-1', '5000.00');
    const claim = claimOf(text);

    const checked = await precheckClaim(services, claim);
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
    const settled = await settleClaim(services, {
      claim,
      principal: 'H23010300012',
      idempotencyKey: 'flow-1',
      requestText: text,
    });
    if (!settled.ok) throw new Error(JSON.stringify(settled.issues));

    expect(asked).toEqual([8]);
    expect(settled.value.id).toBe(
      `stl_${NOW.getTime().toString(36).padStart(9, '0')}${'ab'.repeat(8)}`,
    );
    expect(settled.value.body).toEqual(encodeSettlement(checked.value));
  });

  it('keeps a fixed id, replays a retry, and answers 409 for a reused key or a claim settled twice', async () => {
    store = await open();
    const { services, asked } = servicesOver(store);
    const text = claimText('C-FLOW-2', '3000.00');
    const request = {
      id: 'stl_fixed_1',
      claim: claimOf(text),
      principal: 'H23010300012',
      idempotencyKey: 'flow-2',
      requestText: text,
    };
    const first = await settleClaim(services, request);
    const retry = await settleClaim(services, request);
    expect(first.ok && first.value.id).toBe('stl_fixed_1');
    expect(retry.ok && [retry.value.id, retry.value.replayed]).toEqual(['stl_fixed_1', true]);
    expect(asked).toEqual([]);

    const otherText = claimText('C-FLOW-3', '3000.00');
    const reused = await settleClaim(services, {
      ...request,
      claim: claimOf(otherText),
      requestText: otherText,
    });
    expect(!reused.ok && [reused.status, reused.issues.map((i) => i.code)]).toEqual([
      409,
      ['ledger.idempotency_key_reused'],
    ]);

    const twice = await settleClaim(services, {
      ...request,
      id: 'stl_fixed_2',
      idempotencyKey: 'flow-2b',
    });
    expect(!twice.ok && [twice.status, twice.issues.map((i) => i.code)]).toEqual([
      409,
      ['ledger.claim_already_settled'],
    ]);
  });

  it('answers 422 naming the fields when no policy or catalog is in force, and stores nothing', async () => {
    store = await open();
    const { services } = servicesOver(store);
    const wire = JSON.parse(claimText('C-FLOW-4')) as { person: { insuredRegion: string } };
    wire.person.insuredRegion = '110100';
    const text = JSON.stringify(wire);
    const claim = claimOf(text);

    const checked = await precheckClaim(services, claim);
    const settled = await settleClaim(services, {
      claim,
      principal: 'H23010300012',
      idempotencyKey: undefined,
      requestText: text,
    });
    for (const outcome of [checked, settled]) {
      expect(!outcome.ok && outcome.status).toBe(422);
      expect(!outcome.ok && outcome.issues.map((i) => [i.code, i.path])).toEqual([
        ['settlement.no_policy_in_force', ['person', 'insuredRegion']],
        ['settlement.no_catalog_in_force', ['dischargeDate']],
      ]);
    }
    const [row] = await store.query<{ n: string | number }>(
      'SELECT count(*) AS n FROM settlements',
    );
    expect(Number(row?.n)).toBe(0);
  });

  it("withholds the person's accumulators from an integrator of another institution only", async () => {
    store = await open();
    const { services } = servicesOver(store);
    const text = claimText('C-FLOW-5', '4000.00');
    const settled = await settleClaim(services, {
      claim: claimOf(text),
      principal: 'H23010300012',
      idempotencyKey: undefined,
      requestText: text,
    });
    if (!settled.ok) throw new Error(JSON.stringify(settled.issues));
    const body = settled.value.body;
    const personId = settled.value.personId;

    const own = await settlementWireFor(services, integrator('H23010300012'), personId, body);
    const other = await settlementWireFor(services, integrator('H23010200077'), personId, body);
    const fund = await settlementWireFor(
      services,
      { id: 'reviewer', name: 'reviewer', role: 'reviewer', institutionCode: null },
      personId,
      body,
    );
    expect(own).toEqual(body);
    expect(fund).toEqual(body);
    expect(Object.keys(other)).not.toContain('accumulatorsBefore');
    expect(Object.keys(other)).not.toContain('accumulatorsAfter');
    expect(other).toMatchObject({ accumulatorsWithheld: true, total: body.total });
  });
});
