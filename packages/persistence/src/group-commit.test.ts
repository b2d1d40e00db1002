import { Money, claimSchema } from '@openpayer/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { type SqlRunner, type Store, openStore } from './database.ts';
import { settleAndStore } from './ledger.ts';
import { countSettlements, readAccumulators } from './settlements.ts';
import { backends } from './__fixtures__/backends.ts';
import { claimText } from './__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';

/**
 * The group commit's failure paths: a group whose transaction one request spoils is settled again
 * one request at a time, the database's unique violations become the ledger's issues, and two
 * processes on one PostgreSQL racing on one Idempotency-Key settle it once.
 */

const DATABASE = 'openpayer_test_group_commit';
const { policy, catalog } = demoPolicyAndCatalog();
const PERSON = 'P-000501';

const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const command = (id: string, text: string, key?: string, principal = 'H23010300012') => ({
  id,
  claim: claimSchema.parse(JSON.parse(text)),
  policy,
  catalog,
  principal,
  requestText: text,
  ...(key === undefined ? {} : { idempotencyKey: key }),
});

/** The store, counting the transactions the ledger runs on it (its own queue: a new object). */
function counting(inner: Store): { store: Store; transactions: () => number } {
  let n = 0;
  const store: Store = {
    kind: inner.kind,
    query: (text, params) => inner.query(text, params),
    transaction: <T>(work: (tx: SqlRunner) => Promise<T>) => {
      n++;
      return inner.transaction(work);
    },
    close: () => inner.close(),
  };
  return { store, transactions: () => n };
}

/** A settlement row written by someone else (another process, an import): not through the ledger. */
async function insertForeignSettlement(store: Store, id: string): Promise<void> {
  await store.query(
    `INSERT INTO settlements (id, claim_id, institution_code, person_id, year, status, policy_id, catalog_release_id, total, body)
     VALUES ($1, 'C-ELSEWHERE', 'H99999999999', $2, 2025, 'settled', 'p', 'c', '1.00', '{}')`,
    [id, PERSON],
  );
}

/** Fund paid for n inpatient claims of 3,000.00 by one person in a year: (3,000 − 1,000) × 85% first, (3,000 − 500) × 85% after. */
const fundPaidFor = (n: number) =>
  n === 0
    ? '0.00'
    : Money.of('1700.00')
        .add(Money.of('2125.00').multiply(Money.of(String(n - 1)).amount))
        .toFixedString();

const fundPaidOf = (body: Record<string, unknown>) =>
  Money.of((body['delta'] as { money: Record<string, string> }).money['fundPaid'] ?? '0.00');

describe.each(backends(DATABASE))('group commit on $name', ({ open }) => {
  describe.each([
    { keys: false, label: 'without Idempotency-Keys' },
    { keys: true, label: 'with Idempotency-Keys' },
  ])('one request the database refuses in a group of 20, $label', ({ keys }) => {
    it('settles the other 19, gives the bad one ledger.settlement_exists, and counts only the 19', async () => {
      const opened = await open();
      stores.push(opened);
      // A settlement id already taken in the table: the engine cannot know, the insert fails.
      await insertForeignSettlement(opened, 'S-TAKEN');
      const { store, transactions } = counting(opened);
      const BAD = 7;
      const commands = Array.from({ length: 20 }, (_, i) =>
        command(
          i === BAD ? 'S-TAKEN' : `S-G${i}`,
          claimText(`C-G${i}`, '3000.00'),
          keys ? `key-g${i}` : undefined,
        ),
      );
      const results = await Promise.allSettled(commands.map((c) => settleAndStore(store, c)));

      const bad = results[BAD];
      expect(bad).toEqual({
        status: 'fulfilled',
        value: expect.objectContaining({
          ok: false,
          issues: [expect.objectContaining({ code: 'ledger.settlement_exists', path: ['id'] })],
        }) as unknown,
      });
      results.forEach((r, i) => {
        if (i === BAD) return;
        expect(r).toMatchObject({
          status: 'fulfilled',
          value: { ok: true, value: { id: `S-G${i}`, replayed: false, claimId: `C-G${i}` } },
        });
      });
      if (!keys) {
        // One transaction for the group (rolled back), then one per request.
        expect(transactions()).toBe(1 + 20);
      }

      // Nothing of the bad request was kept; the foreign row is untouched.
      expect(await countSettlements(opened)).toBe(19 + 1);
      const [foreign] = await opened.query<{ claim_id: string; person_id: string }>(
        "SELECT claim_id, person_id FROM settlements WHERE id = 'S-TAKEN'",
      );
      expect(foreign).toEqual({ claim_id: 'C-ELSEWHERE', person_id: PERSON });
      expect(
        await opened.query('SELECT 1 FROM settlements WHERE claim_id = $1', [`C-G${BAD}`]),
      ).toEqual([]);

      // The accumulators are exactly the 19 good settlements.
      const acc = await readAccumulators(opened, PERSON, 2025);
      expect(acc.admissions).toBe(19);
      expect(acc.fundPaid.toFixedString()).toBe(fundPaidFor(19));
      const sum = Money.sum(
        results.flatMap((r) =>
          r.status === 'fulfilled' && r.value.ok ? [fundPaidOf(r.value.value.body)] : [],
        ),
      );
      expect(acc.fundPaid.toFixedString()).toBe(sum.toFixedString());

      if (keys) {
        // The bad request's key was not used up: sent again under a fresh id it settles, and the
        // good requests' keys replay.
        expect(
          await settleAndStore(
            store,
            command('S-G7-again', claimText('C-G7', '3000.00'), 'key-g7'),
          ),
        ).toMatchObject({ ok: true, value: { id: 'S-G7-again', replayed: false } });
        expect(
          await settleAndStore(store, command('S-X', claimText('C-G3', '3000.00'), 'key-g3')),
        ).toMatchObject({ ok: true, value: { id: 'S-G3', replayed: true } });
        expect((await readAccumulators(opened, PERSON, 2025)).admissions).toBe(20);
      }
    });
  });

  it('settles the rest of a group when the database refuses one request for another reason', async () => {
    const opened = await open();
    stores.push(opened);
    const { store } = counting(opened);
    // A NUL character is valid JSON and passes the claim's schema, but PostgreSQL's jsonb refuses
    // it — if it reaches the stored settlement. Whether it does is up to the settlement's body.
    const poisoned = (id: string) => {
      const claim = JSON.parse(claimText(id, '3000.00')) as { lines: { name: string }[] };
      (claim.lines[0] as { name: string }).name = 'bad\u0000name';
      return JSON.stringify(claim);
    };
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        settleAndStore(
          store,
          command(`S-N${i}`, i === 11 ? poisoned(`C-N${i}`) : claimText(`C-N${i}`, '3000.00')),
        ),
      ),
    );
    const good = results.filter((r, i) => i !== 11);
    expect(good.every((r) => r.status === 'fulfilled' && r.value.ok)).toBe(true);
    const acc = await readAccumulators(opened, PERSON, 2025);
    const bad = results[11];
    if (bad?.status === 'rejected') {
      // The database refused it: it alone failed, with the database's error.
      expect(String(bad.reason)).toMatch(/unicode|\\u0000|0x00/iu);
      expect(await countSettlements(opened)).toBe(19);
      expect([acc.admissions, acc.fundPaid.toFixedString()]).toEqual([19, fundPaidFor(19)]);
    } else {
      // The name never reached the database (not kept in the settlement): it settled like the rest.
      expect(bad).toMatchObject({ status: 'fulfilled', value: { ok: true } });
      expect(await countSettlements(opened)).toBe(20);
      expect([acc.admissions, acc.fundPaid.toFixedString()]).toEqual([20, fundPaidFor(20)]);
    }
  });

  describe.each([
    { keys: false, otherPerson: false, label: 'one person, without Idempotency-Keys' },
    // A settlement's key is (person, id) (migration 0021): the same id for two people is two
    // keys; ids are made unique by newSettlementId (the time and 64 random bits).
    { keys: true, otherPerson: false, label: 'one person, with Idempotency-Keys' },
  ])('one settlement id used twice in one group, $label', ({ keys, otherPerson }) => {
    it('settles the first, refuses the second with ledger.settlement_exists, settles the rest', async () => {
      const opened = await open();
      stores.push(opened);
      const { store } = counting(opened);
      const ids = Array.from({ length: 10 }, (_, i) => (i === 2 || i === 6 ? 'S-DUP' : `S-D${i}`));
      const results = await Promise.allSettled(
        ids.map((id, i) =>
          settleAndStore(
            store,
            command(
              id,
              claimText(`C-D${i}`, '3000.00', otherPerson && i === 6 ? 'P-000502' : PERSON),
              keys ? `key-d${i}` : undefined,
            ),
          ),
        ),
      );
      expect(results[2]).toMatchObject({
        status: 'fulfilled',
        value: { ok: true, value: { id: 'S-DUP', claimId: 'C-D2', replayed: false } },
      });
      expect(results[6]).toMatchObject({
        status: 'fulfilled',
        value: { ok: false, issues: [{ code: 'ledger.settlement_exists' }] },
      });
      results.forEach((r, i) => {
        if (i === 2 || i === 6) return;
        expect(r).toMatchObject({
          status: 'fulfilled',
          value: { ok: true, value: { id: `S-D${i}` } },
        });
      });
      expect(await countSettlements(opened)).toBe(9);
      const [dup] = await opened.query<{ claim_id: string }>(
        "SELECT claim_id FROM settlements WHERE id = 'S-DUP'",
      );
      expect(dup?.claim_id).toBe('C-D2');
      const acc = await readAccumulators(opened, PERSON, 2025);
      expect([acc.admissions, acc.fundPaid.toFixedString()]).toEqual([9, fundPaidFor(9)]);
      if (keys) {
        // The first request's key replays S-DUP; the refused one's key is still free.
        expect(
          await settleAndStore(store, command('S-Y', claimText('C-D2', '3000.00'), 'key-d2')),
        ).toMatchObject({ ok: true, value: { id: 'S-DUP', replayed: true } });
        expect(
          await settleAndStore(store, command('S-D6', claimText('C-D6', '3000.00'), 'key-d6')),
        ).toMatchObject({ ok: true, value: { id: 'S-D6', replayed: false } });
      }
    });
  });
});

/** The test database's URL on the server (the one `backends` resets for this file). */
function serverDatabaseUrl(): string {
  const url = new URL(process.env['OPENPAYER_TEST_DATABASE_URL'] as string);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

// Two processes (two stores, each with its own pool and queue) on one PostgreSQL database. PGlite
// cannot share a database between two stores, so these run on the server only.
const servers = backends(DATABASE).filter((b) => b.name.startsWith('PostgreSQL'));

describe.each(servers)('two processes on one $name', ({ open }) => {
  const openBoth = async (): Promise<[Store, Store]> => {
    const first = await open();
    stores.push(first);
    const second = await openStore({ url: serverDatabaseUrl() });
    stores.push(second);
    return [first, second];
  };

  it('settle the same request under one key at the same moment once, 20 times over', async () => {
    const [a, b] = await openBoth();
    for (let i = 0; i < 20; i++) {
      const text = claimText(`C-RACE-${i}`, '3000.00');
      const key = `race-${i}`;
      const [ra, rb] = await Promise.all([
        settleAndStore(a, command(`S-A-${i}`, text, key)),
        settleAndStore(b, command(`S-B-${i}`, text, key)),
      ]);
      expect(ra.ok && rb.ok).toBe(true);
      if (!ra.ok || !rb.ok) continue;
      expect(ra.value.id).toBe(rb.value.id);
      expect([ra.value.replayed, rb.value.replayed].sort()).toEqual([false, true]);
      const winner = ra.value.replayed ? rb.value : ra.value;
      expect(winner.id).toBe(ra.value.replayed ? `S-B-${i}` : `S-A-${i}`);
      expect(
        await a.query('SELECT id FROM settlements WHERE claim_id = $1', [`C-RACE-${i}`]),
      ).toEqual([{ id: winner.id }]);
    }
    expect(await countSettlements(a)).toBe(20);
    expect(await a.query('SELECT key FROM idempotency_records')).toHaveLength(20);
    const acc = await readAccumulators(a, PERSON, 2025);
    expect([acc.admissions, acc.fundPaid.toFixedString()]).toEqual([20, fundPaidFor(20)]);
  });

  it('settle 20 keys sent to both at once (a group in each) once each', async () => {
    const [a, b] = await openBoth();
    const texts = Array.from({ length: 20 }, (_, i) => claimText(`C-BULK-${i}`, '3000.00'));
    const results = await Promise.all(
      texts.flatMap((text, i) => [
        settleAndStore(a, command(`S-A-${i}`, text, `bulk-${i}`)),
        settleAndStore(b, command(`S-B-${i}`, text, `bulk-${i}`)),
      ]),
    );
    for (let i = 0; i < 20; i++) {
      const [ra, rb] = [results[2 * i], results[2 * i + 1]];
      expect(ra?.ok && rb?.ok).toBe(true);
      if (!ra?.ok || !rb?.ok) continue;
      expect(ra.value.id).toBe(rb.value.id);
      expect([ra.value.replayed, rb.value.replayed].sort()).toEqual([false, true]);
    }
    expect(await countSettlements(a)).toBe(20);
    const acc = await readAccumulators(a, PERSON, 2025);
    expect([acc.admissions, acc.fundPaid.toFixedString()]).toEqual([20, fundPaidFor(20)]);
  });

  it('refuse the second of two different requests under one key', async () => {
    const [a, b] = await openBoth();
    for (let i = 0; i < 20; i++) {
      // One person's two claims: the person's accumulator lock orders the two transactions, the
      // second reads the first's idempotency record. (Two people's claims under one key at one
      // instant are two keys, (person, principal, key): each is settled.)
      const key = `clash-${i}`;
      const [ra, rb] = await Promise.all([
        settleAndStore(a, command(`S-A-${i}`, claimText(`C-A-${i}`, '3000.00', `P-A-${i}`), key)),
        settleAndStore(b, command(`S-B-${i}`, claimText(`C-B-${i}`, '3000.00', `P-A-${i}`), key)),
      ]);
      const outcomes = [ra, rb].map((r) => (r.ok ? 'ok' : r.issues[0]?.code));
      expect(outcomes.sort()).toEqual(['ledger.idempotency_key_reused', 'ok']);
      expect(
        await a.query('SELECT settlement_id FROM idempotency_records WHERE key = $1', [key]),
      ).toHaveLength(1);
    }
    expect(await countSettlements(a)).toBe(20);
  });

  it('refuse the second of two groups whose keys clash, request by request', async () => {
    const [a, b] = await openBoth();
    const results = await Promise.all([
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          settleAndStore(
            a,
            command(`S-A-${i}`, claimText(`C-A-${i}`, '3000.00', `P-A-${i}`), `g-${i}`),
          ),
        ),
      ),
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          settleAndStore(
            b,
            command(`S-B-${i}`, claimText(`C-B-${i}`, '3000.00', `P-A-${i}`), `g-${i}`),
          ),
        ),
      ),
    ]);
    for (let i = 0; i < 20; i++) {
      const pair = [results[0][i], results[1][i]];
      expect(pair.map((r) => (r?.ok === true ? 'ok' : r?.issues[0]?.code)).sort()).toEqual([
        'ledger.idempotency_key_reused',
        'ok',
      ]);
    }
    expect(await countSettlements(a)).toBe(20);
    expect(await a.query('SELECT key FROM idempotency_records')).toHaveLength(20);
  });

  it('pay one claim sent to both under two keys once', async () => {
    const [a, b] = await openBoth();
    for (let i = 0; i < 20; i++) {
      const text = claimText(`C-TWO-${i}`, '3000.00');
      const [ra, rb] = await Promise.all([
        settleAndStore(a, command(`S-A-${i}`, text, `two-a-${i}`)),
        settleAndStore(b, command(`S-B-${i}`, text, `two-b-${i}`)),
      ]);
      const outcomes = [ra, rb].map((r) => (r.ok ? 'ok' : r.issues[0]?.code));
      expect(outcomes.sort()).toEqual(['ledger.claim_already_settled', 'ok']);
    }
    expect(await countSettlements(a)).toBe(20);
    const acc = await readAccumulators(a, PERSON, 2025);
    expect([acc.admissions, acc.fundPaid.toFixedString()]).toEqual([20, fundPaidFor(20)]);
  });
});
