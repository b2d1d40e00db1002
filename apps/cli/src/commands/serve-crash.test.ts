import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Store, AuditTree, auditSigningKey, openStore } from '@openpayer/persistence';
import { AuditVerifier } from '@openpayer/supervision';
import { demoClaimWire, lineAmount } from '@openpayer/testing';
import { emptyDatabase, testServerUrl } from '@openpayer/testing/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, serveProcess } from '../__fixtures__/serve-process.ts';
import { Rng } from '../demo/rng.ts';

/**
 * Crash-proof settlement (issue 25): `openpayer serve` under concurrent settle load is killed with
 * SIGKILL at a (seeded) random moment, three times, and restarted on the same database each time.
 * Afterwards every acknowledged (201) settlement is stored exactly once, every request that got no
 * answer is either wholly stored (its key replays it) or wholly absent (its key settles it now),
 * each person's accumulators are the chain of their settlements, and the audit log verifies. On
 * the embedded database (a folder) always, and on PostgreSQL where OPENPAYER_TEST_DATABASE_URL
 * names a server (`.ci/run` starts one); the server gets a database of its own.
 */

/** Kill rounds per backend: load, SIGKILL, restart. */
const ROUNDS = 3;
/** Settle requests in flight at once during a round. */
const IN_FLIGHT = 12;
/** At most this many requests a round (two principals, under the API's burst of 400 each). */
const MAX_PER_ROUND = 500;
/** The people the claims are of: few, so their accumulators are moved by many claims. */
const PEOPLE = ['P-CRASH-1', 'P-CRASH-2', 'P-CRASH-3', 'P-CRASH-4', 'P-CRASH-5'];
/** Both settle (an integrator of the demo hospital and the fund's administrator). */
const PRINCIPALS = ['demo-hospital', 'demo-admin'] as const;
type Principal = (typeof PRINCIPALS)[number];
const INSTITUTION = 'H23010300012';
const YEAR = 2025;

let dir: string;
const running = new Set<ChildProcess>();
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-serve-crash-'));
});
afterAll(async () => {
  // A failed test may leave its server up: end it (only the processes this file started).
  for (const child of running) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** The kill moments, people and amounts are the same on every run (the demo's seeded generator). */
function seeded(seed: number): () => number {
  const rng = new Rng(seed, 0, 0);
  return () => rng.float();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Server extends ServeProcess {
  readonly keys: Readonly<Record<Principal, string>>;
}

/** `openpayer serve` as a real process on loopback (no demo claims); once its banner is printed. */
async function serve(database: string[]): Promise<Server> {
  const started = await serveProcess(dir, [
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--demo-claims',
    '0',
    ...database,
  ]);
  running.add(started.child);
  void started.exited.then(() => running.delete(started.child));
  return {
    ...started,
    keys: {
      'demo-hospital': started.key('demo-hospital'),
      'demo-admin': started.key('demo-admin'),
    },
  };
}

/** One settle request: its claim, its key, and what became of it. */
interface Attempt {
  readonly round: number;
  readonly principal: Principal;
  readonly key: string;
  readonly claimId: string;
  readonly personId: string;
  readonly body: string;
  /** The answer's status; undefined: no answer (the connection failed or was cut). */
  status?: number | undefined;
  /** The settlement the 201 named (undefined when the body was cut after the status line). */
  settlementId?: string | undefined;
  /** For an unanswered request: the settlement found after the restart (null: none). */
  storedAs?: string | null;
}

function attemptsOf(seed: number) {
  const rng = seeded(seed);
  let n = 0;
  return (round: number): Attempt => {
    n++;
    const personId = PEOPLE[Math.floor(rng() * PEOPLE.length)] as string;
    const claimId = `CRASH-${round}-${String(n).padStart(4, '0')}`;
    const lines = Array.from({ length: 1 + Math.floor(rng() * 2) }, (_, i) => {
      const quantity = String(1 + Math.floor(rng() * 3));
      const unitPrice = `${200 + Math.floor(rng() * 4800)}.${String(Math.floor(rng() * 100)).padStart(2, '0')}`;
      return {
        id: `L${i + 1}`,
        kind: 'drug',
        code: 'XC04ABF039A001010100141',
        name: '酚妥拉明注射剂',
        quantity,
        unitPrice,
        amount: lineAmount(quantity, unitPrice),
        date: '2025-06-15',
      };
    });
    const wire = demoClaimWire({
      id: claimId,
      person: { id: personId },
      institution: { code: INSTITUTION },
      dischargeDate: '2025-06-15',
      lines,
    });
    return {
      round,
      principal: PRINCIPALS[n % PRINCIPALS.length] as Principal,
      key: `crash-${seed}-${n}`,
      claimId,
      personId,
      body: JSON.stringify(wire),
    };
  };
}

function settleRequest(server: Server, a: Attempt): Promise<Response> {
  return fetch(`${server.url}/v1/claims/settle`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.keys[a.principal]}`,
      'content-type': 'application/json',
      'idempotency-key': a.key,
    },
    body: a.body,
    signal: AbortSignal.timeout(60_000),
  });
}

/**
 * A pre-check (commits nothing) by each principal, so the load does not start with the server
 * reading its catalog release and policy (≈1 s on a first request) and every key authenticated.
 */
async function warmUp(server: Server, claim: string): Promise<number> {
  const began = performance.now();
  for (const principal of PRINCIPALS) {
    const response = await fetch(`${server.url}/v1/claims/precheck`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.keys[principal]}`,
        'content-type': 'application/json',
      },
      body: claim,
    });
    expect(response.status, await response.text()).toBe(200);
  }
  return performance.now() - began;
}

interface RoundLoad {
  readonly attempts: Attempt[];
  readonly killAfterMs: number;
  readonly inFlightAtKill: number;
}

/**
 * Settle requests, IN_FLIGHT at a time, until `killAfterMs`; then SIGKILL the server process
 * (the one listening: bin/openpayer.mjs runs the command in its own process) and wait for it.
 */
async function loadAndKill(
  server: Server,
  round: number,
  next: (round: number) => Attempt,
  killAfterMs: number,
): Promise<RoundLoad> {
  const attempts: Attempt[] = [];
  let killed = false;
  let inFlight = 0;
  let inFlightAtKill = 0;
  const worker = async () => {
    while (!killed && attempts.length < MAX_PER_ROUND) {
      const a = next(round);
      attempts.push(a);
      inFlight++;
      try {
        const response = await settleRequest(server, a);
        a.status = response.status;
        try {
          a.settlementId = ((await response.json()) as { id?: string }).id;
        } catch {
          // The status line came; the body was cut by the kill.
        }
      } catch {
        a.status = undefined;
      } finally {
        inFlight--;
      }
    }
  };
  const killer = sleep(killAfterMs).then(() => {
    killed = true;
    inFlightAtKill = inFlight;
    server.child.kill('SIGKILL');
  });
  await Promise.all([killer, ...Array.from({ length: IN_FLIGHT }, worker)]);
  expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
  // Nothing listens any more: the process killed was the server, not a wrapper around it.
  await expect(fetch(`${server.url}/ready`)).rejects.toThrow();
  return { attempts, killAfterMs, inFlightAtKill };
}

/** Accumulators as the API and the ledger store them (money as "1234.56", admissions a count). */
type Figures = Readonly<Record<string, string | number>>;

interface Listed {
  readonly id: string;
  readonly status: string;
  readonly claimId: string;
  readonly settlement: {
    readonly accumulatorsBefore: Figures;
    readonly accumulatorsAfter: Figures;
  };
}

async function getJson<T>(server: Server, url: string): Promise<T> {
  const response = await fetch(`${server.url}${url}`, {
    headers: { authorization: `Bearer ${server.keys['demo-admin']}` },
  });
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

/** Every settlement, through the API (the administrator sees all). */
async function listAll(server: Server): Promise<Listed[]> {
  const all: Listed[] = [];
  let after: string | null = null;
  do {
    const page: { items: Listed[]; next: string | null } = await getJson(
      server,
      `/v1/settlements?limit=200${after === null ? '' : `&after=${after}`}`,
    );
    all.push(...page.items);
    after = page.next;
  } while (after !== null);
  return all;
}

/** The claim → settlement map of what is stored; a claim settled twice fails here. */
function byClaim(settlements: readonly Listed[]): Map<string, Listed> {
  const map = new Map<string, Listed>();
  const twice: string[] = [];
  for (const s of settlements) {
    if (map.has(s.claimId)) twice.push(s.claimId);
    map.set(s.claimId, s);
  }
  expect(twice, 'claims with more than one settlement').toEqual([]);
  expect(settlements.filter((s) => s.status !== 'settled').map((s) => s.id)).toEqual([]);
  return map;
}

/**
 * After a restart: every acknowledged request is stored as the settlement its 201 named; an
 * unanswered one is stored or not, and stays as the first restart after it found it.
 */
function checkDurable(stored: Map<string, Listed>, attempts: readonly Attempt[]): void {
  const lost: string[] = [];
  for (const a of attempts) {
    const found = stored.get(a.claimId);
    if (a.status === 201) {
      if (found === undefined || (a.settlementId !== undefined && found.id !== a.settlementId))
        lost.push(`${a.claimId} (acknowledged as ${a.settlementId ?? '?'}, found ${found?.id})`);
    } else if (a.status !== undefined) {
      // Refused (429): nothing may have been stored.
      if (found !== undefined)
        lost.push(`${a.claimId} (refused ${a.status}, stored as ${found.id})`);
      a.storedAs ??= null;
    } else if (a.storedAs === undefined) {
      a.storedAs = found?.id ?? null;
    } else if ((found?.id ?? null) !== a.storedAs) {
      lost.push(`${a.claimId} (was ${a.storedAs ?? 'absent'}, now ${found?.id ?? 'absent'})`);
    }
  }
  expect(lost, 'settlements lost, changed or stored against their answer').toEqual([]);
  // Nothing but these requests settles on this database.
  const sent = new Set(attempts.map((a) => a.claimId));
  expect([...stored.keys()].filter((c) => !sent.has(c))).toEqual([]);
}

/** "1234.56" (or "-1.20") as fen. */
function fen(amount: string): bigint {
  const match = /^(-?)(\d+)\.(\d{2})$/u.exec(amount);
  if (match === null) throw new Error(`not a money string: ${amount}`);
  const value = BigInt(match[2] ?? '0') * 100n + BigInt(match[3] ?? '0');
  return match[1] === '-' ? -value : value;
}

const FIGURES = (a: Figures) => Object.keys(a).filter((k) => k !== 'personId' && k !== 'year');

/**
 * A person's stored accumulators against their settlements: the settlements form one chain from
 * zero (each one's `accumulatorsBefore` is the previous one's `accumulatorsAfter`, ordered by
 * admissions), the stored figures are the last `accumulatorsAfter`, and each figure is the sum of
 * the settlements' deltas.
 */
function checkAccumulators(
  personId: string,
  stored: Figures | undefined,
  settlements: readonly Listed[],
): void {
  const chain = [...settlements].sort(
    (x, y) =>
      Number(x.settlement.accumulatorsBefore['admissions']) -
      Number(y.settlement.accumulatorsBefore['admissions']),
  );
  chain.forEach((s, i) => {
    expect(s.settlement.accumulatorsBefore['admissions'], `${personId} #${i}`).toBe(i);
    if (i > 0) {
      expect(
        s.settlement.accumulatorsBefore,
        `${personId} #${i} starts where #${i - 1} ended`,
      ).toEqual(chain[i - 1]?.settlement.accumulatorsAfter);
    }
  });
  if (chain.length === 0) {
    for (const k of FIGURES(stored ?? {})) {
      expect(stored?.[k], `${personId} ${k}`).toBe(k === 'admissions' ? 0 : '0.00');
    }
    return;
  }
  expect(stored, `${personId}'s stored accumulators`).toEqual(
    chain.at(-1)?.settlement.accumulatorsAfter,
  );
  for (const k of FIGURES(stored ?? {})) {
    if (k === 'admissions') {
      expect(stored?.[k]).toBe(chain.length);
      continue;
    }
    let sum = 0n;
    for (const s of chain) {
      sum +=
        fen(String(s.settlement.accumulatorsAfter[k] ?? '0.00')) -
        fen(String(s.settlement.accumulatorsBefore[k] ?? '0.00'));
    }
    expect(fen(String(stored?.[k])), `${personId} ${k} = Σ deltas`).toBe(sum);
  }
}

/** Retries a request, waiting out the rate limit (429) if the burst is used up. */
async function retry(
  server: Server,
  a: Attempt,
): Promise<{ status: number; replayed: boolean; id: string }> {
  for (;;) {
    const response = await settleRequest(server, a);
    if (response.status === 429) {
      await sleep(1000 * Number(response.headers.get('retry-after') ?? '1'));
      continue;
    }
    const body = (await response.json()) as { id: string };
    return {
      status: response.status,
      replayed: response.headers.get('idempotent-replayed') === 'true',
      id: body.id,
    };
  }
}

async function inParallel<T, R>(items: readonly T[], limit: number, work: (t: T) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i] as T);
      }
    }),
  );
  return results;
}

/** What the database holds, read directly (the server stopped). */
async function checkDatabase(
  store: Store,
  attempts: readonly Attempt[],
  expectedIds: Map<string, string>,
) {
  const settlements = await store.query<{
    id: string;
    claim_id: string;
    person_id: string;
    status: string;
    claim_rows: number;
    keys: number;
    audit_entries: number;
  }>(
    `SELECT s.id, s.claim_id, s.person_id, s.status,
       (SELECT count(*)::int FROM settlement_claims c WHERE c.settlement_id = s.id AND c.person_id = s.person_id) AS claim_rows,
       (SELECT count(*)::int FROM idempotency_records i WHERE i.settlement_id = s.id) AS keys,
       (SELECT count(*)::int FROM audit_log a WHERE a.object_type = 'settlement' AND a.object_id = s.id) AS audit_entries
     FROM settlements s ORDER BY s.id`,
  );
  expect(settlements).toHaveLength(attempts.length);
  // Never half-written: each settlement has its stored claim, its idempotency record and its
  // audit entry, written by the same transaction.
  expect(
    settlements.filter((s) => s.claim_rows !== 1 || s.keys !== 1 || s.audit_entries !== 1),
    'settlements without their claim row, key or audit entry',
  ).toEqual([]);
  expect(new Map(settlements.map((s) => [s.claim_id, s.id]))).toEqual(expectedIds);
  const [orphans] = await store.query<{ claims: number; keys: number; audit: number }>(
    `SELECT
       (SELECT count(*)::int FROM settlement_claims c WHERE NOT EXISTS (SELECT 1 FROM settlements s WHERE s.id = c.settlement_id)) AS claims,
       (SELECT count(*)::int FROM idempotency_records i WHERE NOT EXISTS (SELECT 1 FROM settlements s WHERE s.id = i.settlement_id)) AS keys,
       (SELECT count(*)::int FROM audit_log a WHERE a.object_type = 'settlement' AND NOT EXISTS (SELECT 1 FROM settlements s WHERE s.id = a.object_id)) AS audit`,
  );
  expect(orphans, 'rows of a settlement that is not there').toEqual({
    claims: 0,
    keys: 0,
    audit: 0,
  });
  // Each request's key names its claim's settlement, under its principal.
  const keys = await store.query<{ principal: string; key: string; settlement_id: string }>(
    'SELECT principal, key, settlement_id FROM idempotency_records',
  );
  const byKey = new Map(keys.map((k) => [`${k.principal} ${k.key}`, k.settlement_id]));
  expect(byKey.size).toBe(attempts.length);
  for (const a of attempts) {
    expect(byKey.get(`${a.principal} ${a.key}`), a.key).toBe(expectedIds.get(a.claimId));
  }
  // The audit log: contiguous, its counter past the last entry, and it verifies.
  const [log] = await store.query<{ n: number; last: number; next: number }>(
    `SELECT count(*)::int AS n, coalesce(max(seq), -1)::int AS last,
       (SELECT next_seq::int FROM audit_counter WHERE id = 1) AS next FROM audit_log`,
  );
  expect(log?.n).toBe((log?.last ?? 0) + 1);
  expect(log?.next).toBe(log?.n);
  const tree = new AuditTree(store, await auditSigningKey(store));
  const verifier = new AuditVerifier(tree.publicKey);
  let line = 0;
  for await (const text of tree.exportLines()) verifier.line(text, ++line);
  const report = verifier.finish();
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ valid: true, entries: log?.n });
  return {
    accumulators: await store.query<{ person_id: string; year: number; body: string }>(
      'SELECT person_id, year, body::text AS body FROM accumulators ORDER BY person_id, year',
    ),
    auditEntries: log?.n ?? 0,
  };
}

interface Backend {
  readonly name: string;
  readonly seed: number;
  /** The database options of `openpayer serve`, once the database is ready. */
  prepare(): Promise<string[]>;
  open(): Promise<Store>;
}

const backends: Backend[] = [
  {
    name: 'PGlite (embedded folder)',
    seed: 25,
    prepare: () => Promise.resolve(['--db', path.join(dir, 'db')]),
    open: () => openStore({ dataDir: path.join(dir, 'db') }),
  },
];
if (testServerUrl !== undefined) {
  const serverUrl = testServerUrl;
  let url = '';
  backends.push({
    name: 'PostgreSQL',
    seed: 2025,
    prepare: async () => {
      // A database of its own, empty: other test files reset theirs in parallel.
      url = await emptyDatabase(serverUrl, 'openpayer_test_crash');
      return ['--database-url', url];
    },
    open: () => openStore({ url }),
  });
}

describe.each(backends)('openpayer serve killed under settle load, on $name', (backend) => {
  // About 20 s on PostgreSQL and 40 s on the embedded database on a quiet 2-core machine (whose
  // first start imports the catalog: 15–20 s); the whole suite running in parallel makes it 2–3×
  // that, hence the timeout above the default.
  it('keeps every acknowledged settlement once, writes nothing by halves, replays retried keys and reconciles accumulators', async () => {
    const began = performance.now();
    const database = await backend.prepare();
    const rng = seeded(backend.seed);
    const next = attemptsOf(backend.seed);
    const all: Attempt[] = [];
    const rounds: (RoundLoad & { warmMs: number; startedMs: number })[] = [];

    let server = await serve(database);
    const firstStartMs = performance.now() - began;
    const warmUpClaim = attemptsOf(0)(0).body;
    for (let round = 1; round <= ROUNDS; round++) {
      const warmMs = await warmUp(server, warmUpClaim);
      const load = await loadAndKill(server, round, next, 150 + Math.floor(rng() * 750));
      all.push(...load.attempts);
      const answered = load.attempts.filter((a) => a.status !== undefined);
      // 201, or 429 should the key's rate limit run out (refused before anything is stored).
      expect(
        answered
          .filter((a) => a.status !== 201 && a.status !== 429)
          .map((a) => `${a.claimId} ${String(a.status)}`),
        'answers other than 201 (or 429) under load',
      ).toEqual([]);
      const restartedAt = performance.now();
      server = await serve(database);
      const listed = await listAll(server);
      const startedMs = performance.now() - restartedAt;
      const unanswered = load.attempts.filter((a) => a.status === undefined);
      const storedNow = new Set(listed.map((s) => s.claimId));
      // Printed before the checks, so a failing round still shows what happened.
      console.log(
        `${backend.name} round ${round}: killed after ${load.killAfterMs} ms, sent ${load.attempts.length}, ` +
          `acknowledged ${answered.filter((a) => a.status === 201).length}, rate-limited ${answered.filter((a) => a.status === 429).length}, unanswered ${unanswered.length} ` +
          `(stored after restart ${unanswered.filter((a) => storedNow.has(a.claimId)).length})`,
      );
      checkDurable(byClaim(listed), all);
      rounds.push({ ...load, warmMs, startedMs });
    }

    // Every request again under its key, with the new key of the same principal.
    const stored = byClaim(await listAll(server));
    const retried = await inParallel(all, IN_FLIGHT, (a) => retry(server, a));
    const settledIds = new Map<string, string>();
    const wrong: string[] = [];
    all.forEach((a, i) => {
      const r = retried[i] as Awaited<ReturnType<typeof retry>>;
      const before = stored.get(a.claimId)?.id;
      const expected =
        before === undefined
          ? { status: 201, replayed: false, id: r.id }
          : { status: 200, replayed: true, id: before };
      if (r.status !== expected.status || r.replayed !== expected.replayed || r.id !== expected.id)
        wrong.push(`${a.claimId}: ${JSON.stringify(r)}, expected ${JSON.stringify(expected)}`);
      settledIds.set(a.claimId, r.id);
    });
    expect(wrong, 'retried keys').toEqual([]);
    // The same claim under a new key is refused: it has its settlement.
    const first = all[0] as Attempt;
    const again = await settleRequest(server, { ...first, key: `${first.key}-new` });
    expect(again.status).toBe(409);
    expect(JSON.stringify(await again.json())).toContain('ledger.claim_already_settled');

    // Now each claim is settled exactly once; accumulators are the chains of the settlements.
    const final = await listAll(server);
    const finalByClaim = byClaim(final);
    expect(new Map([...finalByClaim].map(([c, s]) => [c, s.id]))).toEqual(settledIds);
    const people = new Map<string, Listed[]>(PEOPLE.map((p) => [p, []]));
    for (const a of all) {
      people.get(a.personId)?.push(finalByClaim.get(a.claimId) as Listed);
    }
    for (const [personId, theirs] of people) {
      const figures = await getJson<Figures>(server, `/v1/accumulators/${personId}/${YEAR}`);
      checkAccumulators(personId, figures, theirs);
    }
    expect(server.stderr()).not.toContain('unexpected error');
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });

    // The database itself, read directly.
    const store = await backend.open();
    let audit: number;
    try {
      const db = await checkDatabase(store, all, settledIds);
      audit = db.auditEntries;
      const storedAcc = new Map(db.accumulators.map((r) => [r.person_id, r]));
      expect([...storedAcc.keys()].sort()).toEqual(
        [...people.keys()].filter((p) => (people.get(p)?.length ?? 0) > 0).sort(),
      );
      for (const [personId, theirs] of people) {
        const row = storedAcc.get(personId);
        if (row !== undefined) expect(row.year).toBe(YEAR);
        checkAccumulators(
          personId,
          row === undefined ? undefined : (JSON.parse(row.body) as Figures),
          theirs,
        );
      }
    } finally {
      await store.close();
    }

    // The figures the engineer quotes.
    const lines = rounds.map((r, i) => {
      const theirs = all.filter((a) => a.round === i + 1);
      const unanswered = theirs.filter((a) => a.status === undefined);
      const storedOfUnanswered = unanswered.filter((a) => a.storedAs !== null);
      const indexOf = new Map(all.map((a, n) => [a, n]));
      const replayed = theirs.filter((a) => retried[indexOf.get(a) ?? -1]?.replayed === true);
      return (
        `round ${i + 1}: (warm-up ${Math.round(r.warmMs)} ms) killed after ${r.killAfterMs} ms (${r.inFlightAtKill} in flight); ` +
        `sent ${theirs.length}, acknowledged ${theirs.filter((a) => a.status === 201).length}, ` +
        `rate-limited ${theirs.filter((a) => a.status === 429).length}, ` +
        `unanswered ${unanswered.length} (stored after restart ${storedOfUnanswered.length}, absent ${unanswered.length - storedOfUnanswered.length}); ` +
        `on retry: replayed ${replayed.length}, settled now ${theirs.length - replayed.length}; restart and read-back ${(r.startedMs / 1000).toFixed(1)} s`
      );
    });
    console.log(
      [
        `serve-crash on ${backend.name} (seed ${backend.seed}): first start ${(firstStartMs / 1000).toFixed(1)} s`,
        ...lines.map((l) => `  ${l}`),
        `  in all: ${all.length} claims of ${PEOPLE.length} people, each settled once; ${audit} audit entries verified; ${((performance.now() - began) / 1000).toFixed(1)} s`,
      ].join('\n'),
    );
  }, 180_000);
});
