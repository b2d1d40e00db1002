import { type Approval, approvalFromWire, remaining } from '@openpayer/catalog';
import { type Result, claimSchema } from '@openpayer/domain';
import { MONEY_ACCUMULATORS, type SettlementWire, encodeAccumulators } from '@openpayer/pricing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertApproval } from './approvals.ts';
import type { Store } from './database.ts';
import { type StoredSettlement, reverseStored, settleAndStore } from './ledger.ts';
import { readAccumulators } from './settlements.ts';
import { OUT_OF_CATALOG, approvedApproval } from './__fixtures__/approval.ts';
import { backends } from './__fixtures__/backends.ts';
import { claimText } from './__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';

/**
 * A model-based test of the settlement ledger (issue 25): random sequences of settling, replaying
 * a request under its Idempotency-Key, reusing a key, sending a claim again, reversing, settling
 * several claims of one person at once (alone, and while one of theirs is reversed), and claims
 * drawn on an approval. The model predicts each command's answer; after every command the
 * database itself is checked: each person's accumulators are the sum of the deltas of their live
 * settlements (summed by SQL over the settlements table), and each approval's remaining quantity
 * is its grant minus the quantities its live settlements' lines drew (from their stored claims).
 *
 * One store per backend for the whole property: each run uses people, claims, keys and approvals
 * of its own (a run prefix), so runs never see each other's rows.
 */

const { policy, catalog } = demoPolicyAndCatalog();
const PRINCIPAL = 'H23010300012';
const YEAR = 2025;
const PEOPLE = 3;
const AMOUNTS = ['300.00', '2000.00', '5000.00', '48000.00', '420000.00'] as const;
const QUANTITIES = [1, 2, 3, 4] as const;
/** An approval's granted quantity per person of a run; null: the person has none. */
const GRANTS = [null, 3, 5, 8] as const;

// ---------------------------------------------------------------------------------------------
// Claims

interface ClaimSpec {
  readonly claimId: string;
  readonly person: string;
  /** plain: one in-catalog drug line; approval: one out-of-catalog drug line, covered only under an approval. */
  readonly kind: 'plain' | 'approval';
  readonly amount: string;
  readonly quantity: number;
  readonly text: string;
}

/** A claim of one out-of-catalog drug line (100.00 a unit), covered only under an approval. */
function approvalClaimText(id: string, quantity: number, personId: string): string {
  const wire = JSON.parse(claimText(id, '0.00', personId)) as Record<string, unknown>;
  const amount = (quantity * 100).toFixed(2);
  return JSON.stringify({
    ...wire,
    admissionDate: '2025-07-09',
    dischargeDate: '2025-07-12',
    lines: [
      {
        id: 'L1',
        kind: 'drug',
        code: OUT_OF_CATALOG,
        name: '目录外抗肿瘤药',
        quantity: String(quantity),
        unitPrice: '100.00',
        amount,
        date: '2025-07-10',
      },
    ],
    totalAmount: amount,
  });
}

/** What a claim of a command is made of, before the run gives it an id and a person. */
interface ClaimParams {
  readonly approval: boolean;
  readonly amount: string;
  readonly quantity: number;
  readonly keyed: boolean;
}

const claimParams: fc.Arbitrary<ClaimParams> = fc.record({
  approval: fc.boolean(),
  amount: fc.constantFrom(...AMOUNTS),
  quantity: fc.constantFrom(...QUANTITIES),
  keyed: fc.boolean(),
});

const describeParams = (p: ClaimParams) =>
  `${p.approval ? `approval×${String(p.quantity)}` : p.amount}${p.keyed ? '+key' : ''}`;

// ---------------------------------------------------------------------------------------------
// The model

interface ModelSettlement {
  readonly id: string;
  readonly person: string;
  readonly claimId: string;
  live: boolean;
  /** The delta the ledger answered when it settled (the database's is checked against it). */
  readonly delta: SettlementWire['delta'];
  /** What it drew on the person's approval, if anything. */
  readonly drew: number | null;
}

interface ModelApproval {
  readonly id: string;
  readonly granted: number;
  /** settlement id → quantity, for the live settlements that drew on it. */
  readonly live: Map<string, number>;
}

/** A request to settle: a claim, the settlement id it asks for, its Idempotency-Key if any. */
interface Request {
  readonly spec: ClaimSpec;
  readonly id: string;
  readonly key: string | undefined;
}

interface KeyedRequest {
  readonly key: string;
  readonly spec: ClaimSpec;
  readonly settlementId: string;
}

interface Model {
  readonly run: string;
  readonly people: readonly string[];
  readonly approvals: Map<string, ModelApproval>;
  /** Every settlement stored in this run, in order. */
  readonly settlements: ModelSettlement[];
  /** claim id → its live settlement. */
  readonly liveByClaim: Map<string, string>;
  /** Keyed requests that stored a settlement (their key now belongs to them). */
  readonly keyed: KeyedRequest[];
  /** Every claim sent in this run (settled or not), to send again. */
  readonly sent: ClaimSpec[];
  /** Ids handed out (settlements, claims, keys). */
  next: number;
}

interface Real {
  readonly store: Store;
}

const fresh = (m: Model, what: string) => `${what}-${m.run}-${String(m.next++)}`;

function newClaim(m: Model, person: string, p: ClaimParams): ClaimSpec {
  const claimId = fresh(m, 'C');
  return {
    claimId,
    person,
    kind: p.approval ? 'approval' : 'plain',
    amount: p.amount,
    quantity: p.quantity,
    text: p.approval
      ? approvalClaimText(claimId, p.quantity, person)
      : claimText(claimId, p.amount, person),
  };
}

const left = (a: ModelApproval) => a.granted - [...a.live.values()].reduce((s, q) => s + q, 0);

/** What the ledger must answer for a request, given the model as it stands. */
type Expected =
  | { readonly ok: true; readonly approvalId: string | null }
  | { readonly ok: true; readonly replayOf: ModelSettlement }
  | { readonly ok: false; readonly code: string; readonly settlementId?: string };

function expectedFor(m: Model, { spec, key }: Request): Expected {
  const earlier = key === undefined ? undefined : m.keyed.find((k) => k.key === key);
  if (earlier !== undefined) {
    // The key is taken: the same request replays what it stored, another request is refused.
    if (earlier.spec.text !== spec.text)
      return { ok: false, code: 'ledger.idempotency_key_reused' };
    const replayOf = m.settlements.find((s) => s.id === earlier.settlementId);
    if (replayOf === undefined) throw new Error('the model lost a settlement');
    return { ok: true, replayOf };
  }
  const live = m.liveByClaim.get(spec.claimId);
  if (live !== undefined) {
    return { ok: false, code: 'ledger.claim_already_settled', settlementId: live };
  }
  if (spec.kind === 'plain') return { ok: true, approvalId: null };
  const approval = m.approvals.get(spec.person);
  // No approval, or an exhausted one: not in force, the line is settled not covered.
  if (approval === undefined || left(approval) === 0) return { ok: true, approvalId: null };
  // In force, but the line wants more than is left: the drawdown refuses the claim.
  if (left(approval) < spec.quantity) return { ok: false, code: 'approval.quantity_exceeded' };
  return { ok: true, approvalId: approval.id };
}

/** Checks the ledger's answer to a request against the model's, then applies it to the model. */
function record(m: Model, request: Request, result: Result<StoredSettlement>): void {
  const { spec, id, key } = request;
  const expected = expectedFor(m, request);
  if (!m.sent.includes(spec)) m.sent.push(spec);
  if (!expected.ok) {
    expect(result.ok, `${spec.claimId} must be refused`).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.code)).toEqual([expected.code]);
    if (expected.settlementId !== undefined) {
      expect(result.issues[0]?.data).toMatchObject({ settlementId: expected.settlementId });
    }
    return;
  }
  if (!result.ok) throw new Error(`${spec.claimId} refused: ${JSON.stringify(result.issues)}`);
  const { value } = result;
  if ('replayOf' in expected) {
    // A replay: the original settlement as it stands now, nothing new stored or moved.
    const s = expected.replayOf;
    expect([value.id, value.status, value.replayed, value.personId, value.claimId]).toEqual([
      s.id,
      s.live ? 'settled' : 'reversed',
      true,
      s.person,
      s.claimId,
    ]);
    expect(value.body.delta).toEqual(s.delta);
    return;
  }
  expect([value.id, value.status, value.replayed, value.personId, value.claimId]).toEqual([
    id,
    'settled',
    false,
    spec.person,
    spec.claimId,
  ]);
  expect(value.body.lines.map((l) => l.approvalId)).toEqual([expected.approvalId]);
  const drew = expected.approvalId === null ? null : spec.quantity;
  m.settlements.push({
    id,
    person: spec.person,
    claimId: spec.claimId,
    live: true,
    delta: value.body.delta,
    drew,
  });
  m.liveByClaim.set(spec.claimId, id);
  if (drew !== null) m.approvals.get(spec.person)?.live.set(id, drew);
  if (key !== undefined) m.keyed.push({ key, spec, settlementId: id });
}

function commandOf({ spec, id, key }: Request) {
  return {
    id,
    claim: claimSchema.parse(JSON.parse(spec.text)),
    policy,
    catalog,
    principal: PRINCIPAL,
    requestText: spec.text,
    ...(key === undefined ? {} : { idempotencyKey: key }),
  };
}

/**
 * Sends the requests at once (Promise.all, in this arrival order), optionally alongside another
 * operation, and checks each answer against the model.
 */
async function settleAll(
  m: Model,
  r: Real,
  requests: readonly Request[],
  alongside: Promise<void> = Promise.resolve(),
): Promise<Result<StoredSettlement>[]> {
  const [results] = await Promise.all([
    Promise.all(requests.map((request) => settleAndStore(r.store, commandOf(request)))),
    alongside,
  ]);
  // The ledger settles in arrival order, each seeing what the previous left: so does the model.
  requests.forEach((request, i) => {
    record(m, request, results[i] as Result<StoredSettlement>);
  });
  return results;
}

function reverseInModel(m: Model, s: ModelSettlement): void {
  s.live = false;
  m.liveByClaim.delete(s.claimId);
  m.approvals.get(s.person)?.live.delete(s.id);
}

// ---------------------------------------------------------------------------------------------
// What is checked after every command, against the database

const sumColumn = (k: string) =>
  `coalesce(sum(coalesce(s.body->'delta'->'money'->>'${k}', '0')::numeric), 0)::numeric(20, 2)::text AS "${k}"`;

const LIVE_SUMS = `
SELECT p.person_id, count(s.id)::int AS live,
  coalesce(sum((s.body->'delta'->>'admissions')::int), 0)::int AS admissions,
  ${MONEY_ACCUMULATORS.map(sumColumn).join(',\n  ')}
FROM jsonb_array_elements_text($1::jsonb) AS p(person_id)
LEFT JOIN settlements s ON s.person_id = p.person_id AND s.status = 'settled'
GROUP BY p.person_id`;

const LIVE_SETTLEMENTS = `
SELECT id, person_id, claim_id, (body->'delta')::text AS delta FROM settlements
WHERE status = 'settled' AND person_id IN (SELECT jsonb_array_elements_text($1::jsonb))`;

/** The lines of live settlements that drew on an approval, with the quantity their stored claim gave. */
const LIVE_DRAWDOWNS = `
SELECT s.id, s.claim_id, l->>'lineId' AS line_id, l->>'approvalId' AS approval_id,
  (SELECT cl->>'quantity' FROM jsonb_array_elements(c.claim->'lines') AS cl WHERE cl->>'id' = l->>'lineId') AS quantity
FROM settlements s
CROSS JOIN LATERAL jsonb_array_elements(s.body->'lines') AS l
LEFT JOIN settlement_claims c ON c.person_id = s.person_id AND c.settlement_id = s.id
WHERE s.status = 'settled' AND s.person_id IN (SELECT jsonb_array_elements_text($1::jsonb))
  AND l->>'approvalId' IS NOT NULL`;

const APPROVALS = `
SELECT id, person_id, status, body::text AS body FROM approvals
WHERE person_id IN (SELECT jsonb_array_elements_text($1::jsonb))`;

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function checkDatabase(m: Model, r: Real): Promise<void> {
  const people = JSON.stringify(m.people);

  // The live settlements are the model's, with the deltas the ledger answered.
  const live = await r.store.query<{
    id: string;
    person_id: string;
    claim_id: string;
    delta: string;
  }>(LIVE_SETTLEMENTS, [people]);
  live.sort(byId);
  const modelLive = m.settlements.filter((s) => s.live).sort(byId);
  expect(live.map((s) => [s.id, s.person_id, s.claim_id])).toEqual(
    modelLive.map((s) => [s.id, s.person, s.claimId]),
  );
  live.forEach((row, i) => {
    expect(JSON.parse(row.delta) as unknown, row.id).toEqual(modelLive[i]?.delta);
  });

  // Each person's accumulators are the sum of their live settlements' deltas.
  const sums = await r.store.query<Record<string, string | number>>(LIVE_SUMS, [people]);
  expect(sums).toHaveLength(m.people.length);
  for (const row of sums) {
    const person = String(row['person_id']);
    const acc = await readAccumulators(r.store, person, YEAR);
    const stored = encodeAccumulators(acc) as Record<string, unknown>;
    const expected: Record<string, unknown> = { admissions: row['admissions'] };
    const actual: Record<string, unknown> = { admissions: stored['admissions'] };
    for (const k of MONEY_ACCUMULATORS) {
      expected[k] = row[k];
      actual[k] = stored[k];
    }
    expect(actual, `accumulators of ${person}`).toEqual(expected);
    expect(row['live']).toBe(modelLive.filter((s) => s.person === person).length);
  }

  // Each approval's remaining quantity is its grant minus its live drawdowns.
  const drawdowns = await r.store.query<{
    id: string;
    claim_id: string;
    line_id: string;
    approval_id: string;
    quantity: string | null;
  }>(LIVE_DRAWDOWNS, [people]);
  const approvals = await r.store.query<{
    id: string;
    person_id: string;
    status: string;
    body: string;
  }>(APPROVALS, [people]);
  expect(approvals.map((a) => a.id).sort()).toEqual(
    [...m.approvals.values()].map((a) => a.id).sort(),
  );
  for (const row of approvals) {
    const approval: Approval = approvalFromWire(JSON.parse(row.body));
    const model = m.approvals.get(row.person_id);
    if (model === undefined) throw new Error(`no approval in the model for ${row.person_id}`);
    const granted = approval.decision?.approvedQuantity.toNumber();
    const fromSettlements = drawdowns.filter((d) => d.approval_id === row.id);
    const liveDrawn = fromSettlements.reduce((s, d) => s + Number(d.quantity), 0);
    // The drawdowns the approval records are exactly those of its live settlements' lines…
    const key = (claimId: string, lineId: string, quantity: string) =>
      `${claimId}/${lineId}/${quantity}`;
    expect(
      approval.drawdowns.map((d) => key(d.claimId, d.lineId, d.quantity.toString())).sort(),
      `drawdowns of ${row.id}`,
    ).toEqual(fromSettlements.map((d) => key(d.claim_id, d.line_id, String(d.quantity))).sort());
    // …so what is left is the grant minus what they drew, as the model says; exhausted at 0.
    const status = left(model) === 0 ? 'exhausted' : 'approved';
    expect(
      [granted, remaining(approval).toNumber(), row.status, approval.status],
      `approval ${row.id}`,
    ).toEqual([model.granted, model.granted - liveDrawn, status, status]);
    expect(liveDrawn).toBe(model.granted - left(model));
  }
}

// ---------------------------------------------------------------------------------------------
// Commands

type LedgerCommand = fc.AsyncCommand<Model, Real>;

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/** A new claim of one person, with or without an Idempotency-Key. */
class Settle implements LedgerCommand {
  constructor(
    readonly person: number,
    readonly params: ClaimParams,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const spec = newClaim(m, pick(m.people, this.person), this.params);
    const before = await readAccumulators(r.store, spec.person, YEAR);
    const key = this.params.keyed ? fresh(m, 'K') : undefined;
    const [result] = await settleAll(m, r, [{ spec, id: fresh(m, 'S'), key }]);
    // It settled against the accumulators as they stood.
    if (result?.ok === true) {
      expect(result.value.body.accumulatorsBefore).toEqual(encodeAccumulators(before));
    }
    await checkDatabase(m, r);
  }
  toString = () => `settle(person ${String(this.person)}, ${describeParams(this.params)})`;
}

/** A keyed request that stored a settlement, sent again: replayed, nothing stored or moved. */
class Retry implements LedgerCommand {
  constructor(readonly which: number) {}
  check = (m: Readonly<Model>) => m.keyed.length > 0;
  async run(m: Model, r: Real) {
    const { key, spec, settlementId } = pick(m.keyed, this.which);
    const [result] = await settleAll(m, r, [{ spec, id: fresh(m, 'S'), key }]);
    expect(result).toMatchObject({ ok: true, value: { id: settlementId, replayed: true } });
    await checkDatabase(m, r);
  }
  toString = () => `retry(keyed #${String(this.which)})`;
}

/** A key already used sent with another claim: refused, nothing stored. */
class ReuseKey implements LedgerCommand {
  constructor(
    readonly which: number,
    readonly person: number,
    readonly params: ClaimParams,
  ) {}
  check = (m: Readonly<Model>) => m.keyed.length > 0;
  async run(m: Model, r: Real) {
    const { key } = pick(m.keyed, this.which);
    const spec = newClaim(m, pick(m.people, this.person), this.params);
    const [result] = await settleAll(m, r, [{ spec, id: fresh(m, 'S'), key }]);
    expect(result).toMatchObject({
      ok: false,
      issues: [{ code: 'ledger.idempotency_key_reused' }],
    });
    await checkDatabase(m, r);
  }
  toString = () =>
    `reuseKey(keyed #${String(this.which)}, person ${String(this.person)}, ${describeParams(this.params)})`;
}

/**
 * A claim sent before, sent again under a new key (or none): refused while its settlement is
 * live; settled again once that is reversed (a correction), or if it was refused.
 */
class Resend implements LedgerCommand {
  constructor(
    readonly which: number,
    readonly keyed: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.sent.length > 0;
  async run(m: Model, r: Real) {
    const spec = pick(m.sent, this.which);
    const key = this.keyed ? fresh(m, 'K') : undefined;
    await settleAll(m, r, [{ spec, id: fresh(m, 'S'), key }]);
    await checkDatabase(m, r);
  }
  toString = () => `resend(claim #${String(this.which)}${this.keyed ? ', new key' : ''})`;
}

/** A stored settlement reversed: once; a second reversal is refused. */
class Reverse implements LedgerCommand {
  constructor(readonly which: number) {}
  check = (m: Readonly<Model>) => m.settlements.length > 0;
  async run(m: Model, r: Real) {
    const s = pick(m.settlements, this.which);
    const result = await reverseStored(r.store, s.id, { by: 'model-test', reason: 'model' });
    if (s.live) {
      expect(result).toMatchObject({ ok: true, value: { id: s.id, status: 'reversed' } });
      reverseInModel(m, s);
    } else {
      expect(result).toMatchObject({ ok: false, issues: [{ code: 'ledger.already_reversed' }] });
    }
    await checkDatabase(m, r);
  }
  toString = () => `reverse(settlement #${String(this.which)})`;
}

/** What a concurrent batch adds after its claims: nothing, its first claim again under a new key, or its first request again as it was (same key). */
const DUPLICATES = ['none', 'first under a new key', 'first request again'] as const;
type Duplicate = (typeof DUPLICATES)[number];

/** Several claims of one person at once (plain and under the approval, keyed or not). */
class Concurrent implements LedgerCommand {
  constructor(
    readonly person: number,
    readonly claims: readonly ClaimParams[],
    readonly duplicate: Duplicate,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const person = pick(m.people, this.person);
    const requests: Request[] = this.claims.map((p, i) => ({
      spec: newClaim(m, person, p),
      id: fresh(m, 'S'),
      key:
        p.keyed || (i === 0 && this.duplicate === 'first request again')
          ? fresh(m, 'K')
          : undefined,
    }));
    const [first] = requests;
    if (first !== undefined && this.duplicate !== 'none') {
      requests.push({
        spec: first.spec,
        id: fresh(m, 'S'),
        key: this.duplicate === 'first request again' ? first.key : fresh(m, 'K'),
      });
    }
    await settleAll(m, r, requests);
    await checkDatabase(m, r);
  }
  toString = () =>
    `concurrent(person ${String(this.person)}, [${this.claims.map(describeParams).join(', ')}], then ${this.duplicate})`;
}

/** A live settlement reversed while new claims of the same person settle. */
class SettleWhileReversing implements LedgerCommand {
  constructor(
    readonly which: number,
    readonly amounts: readonly string[],
  ) {}
  check = (m: Readonly<Model>) => m.settlements.some((s) => s.live);
  async run(m: Model, r: Real) {
    const target = pick(
      m.settlements.filter((s) => s.live),
      this.which,
    );
    // Plain claims only: they settle whichever runs first, so the model knows their answers.
    const requests = this.amounts.map((amount) => ({
      spec: newClaim(m, target.person, { approval: false, amount, quantity: 1, keyed: false }),
      id: fresh(m, 'S'),
      key: undefined,
    }));
    const reversal = reverseStored(r.store, target.id).then((result) => {
      expect(result).toMatchObject({ ok: true, value: { id: target.id, status: 'reversed' } });
    });
    await settleAll(m, r, requests, reversal);
    reverseInModel(m, target);
    await checkDatabase(m, r);
  }
  toString = () =>
    `settleWhileReversing(live #${String(this.which)}, [${this.amounts.join(', ')}])`;
}

const personArb = fc.nat({ max: PEOPLE - 1 });

const commands = fc.commands(
  [
    fc.tuple(personArb, claimParams).map(([p, c]) => new Settle(p, c)),
    fc.nat().map((n) => new Retry(n)),
    fc.tuple(fc.nat(), personArb, claimParams).map(([n, p, c]) => new ReuseKey(n, p, c)),
    fc.tuple(fc.nat(), fc.boolean()).map(([n, k]) => new Resend(n, k)),
    fc.nat().map((n) => new Reverse(n)),
    fc
      .tuple(
        personArb,
        fc.array(claimParams, { minLength: 2, maxLength: 4 }),
        fc.constantFrom(...DUPLICATES),
      )
      .map(([p, cs, d]) => new Concurrent(p, cs, d)),
    fc
      .tuple(fc.nat(), fc.array(fc.constantFrom(...AMOUNTS), { minLength: 1, maxLength: 3 }))
      .map(([n, as]) => new SettleWhileReversing(n, as)),
  ],
  { maxCommands: 12, size: 'max' },
);

// ---------------------------------------------------------------------------------------------
// A run: fresh people, each with an approval of the drug (or none), then the commands

const approvalFor = approvedApproval;

const grantsArb = fc.array(fc.constantFrom(...GRANTS), { minLength: PEOPLE, maxLength: PEOPLE });

describe.each(backends('openpayer_test_ledger_model'))('the ledger model on $name', ({ open }) => {
  let store: Store;
  let runs = 0;

  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });

  async function setup(grants: readonly (number | null)[]): Promise<{ model: Model; real: Real }> {
    const run = `M${String(++runs)}`;
    const people = grants.map((_, i) => `P-${run}-${String(i)}`);
    const approvals = new Map<string, ModelApproval>();
    for (const [i, granted] of grants.entries()) {
      if (granted === null) continue;
      const person = people[i] as string;
      const id = `AP-${run}-${String(i)}`;
      const inserted = await insertApproval(store, approvalFor(id, person, granted));
      if (!inserted.ok) throw new Error(JSON.stringify(inserted.issues));
      approvals.set(person, { id, granted, live: new Map() });
    }
    const model: Model = {
      run,
      people,
      approvals,
      settlements: [],
      liveByClaim: new Map(),
      keyed: [],
      sent: [],
      next: 0,
    };
    return { model, real: { store } };
  }

  it('keeps accumulators and approvals equal to what the live settlements moved, after every command', async () => {
    await fc.assert(
      fc.asyncProperty(grantsArb, commands, async (grants, cmds) => {
        const initial = await setup(grants);
        await checkDatabase(initial.model, initial.real);
        await fc.asyncModelRun(() => initial, cmds);
      }),
      { numRuns: 25 },
    );
    // The runs did settle, reverse and draw on approvals (not only refusals).
    const [counts] = await store.query<{ settled: number; reversed: number; drew: number }>(
      `SELECT count(*) FILTER (WHERE status = 'settled')::int AS settled,
         count(*) FILTER (WHERE status = 'reversed')::int AS reversed,
         count(*) FILTER (WHERE body->'lines'->0->>'approvalId' IS NOT NULL)::int AS drew
       FROM settlements`,
    );
    expect(counts?.settled).toBeGreaterThan(0);
    expect(counts?.reversed).toBeGreaterThan(0);
    expect(counts?.drew).toBeGreaterThan(0);
  });
});
