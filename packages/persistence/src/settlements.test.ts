import { Decimal, claimSchema } from '@openpayer/domain';
import { SHARE_PARTIES } from '@openpayer/pricing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from './database.ts';
import { reverseStored, settleAndStore } from './ledger.ts';
import { type SettlementFilter, listSettlements, settlementTotalsByMonth } from './settlements.ts';
import { backends } from './__fixtures__/backends.ts';
import { claimText } from './__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';

const { policy, catalog } = demoPolicyAndCatalog();

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** A claim discharged on `date` at `institution` (the fixture claim, re-dated). */
function claim(id: string, amount: string, personId: string, date: string, institution: string) {
  const json = JSON.parse(claimText(id, amount, personId)) as Record<string, unknown> & {
    institution: Record<string, unknown>;
    lines: Record<string, unknown>[];
  };
  json['admissionDate'] = `${date.slice(0, 8)}01`;
  json['dischargeDate'] = date;
  json.institution['code'] = institution;
  for (const line of json.lines) line['date'] = `${date.slice(0, 8)}01`;
  return JSON.stringify(json);
}

const H1 = 'H23010300012';
const H2 = 'H23010200011';
const CLAIMS = [
  ['S-1', '5000.00', 'P-1', '2025-06-15', H1],
  ['S-2', '1234.56', 'P-2', '2025-06-30', H2],
  ['S-3', '7000.10', 'P-1', '2025-07-01', H1],
  ['S-4', '333.33', 'P-3', '2025-07-20', H1],
  ['S-5', '9999.99', 'P-4', '2025-08-31', H2],
] as const;

async function seeded(open: () => Promise<Store>): Promise<Store> {
  const s = await open();
  for (const [id, amount, person, date, institution] of CLAIMS) {
    const text = claim(`C-${id}`, amount, person, date, institution);
    const result = await settleAndStore(s, {
      id,
      claim: claimSchema.parse(JSON.parse(text)),
      policy,
      catalog,
      principal: 'test',
      requestText: text,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
  }
  const reversed = await reverseStored(s, 'S-4', { by: 'test', reason: 'duplicate' });
  if (!reversed.ok) throw new Error(JSON.stringify(reversed.issues));
  return s;
}

/** The sums of the settlements the list returns for a filter, by month, computed here. */
async function listedSums(s: Store, filter: SettlementFilter) {
  const { items } = await listSettlements(s, filter, { limit: 200 });
  const months = new Map<string, { n: number; total: Decimal; payers: Map<string, Decimal> }>();
  for (const item of items) {
    const body = item.body as { total: string; payers: Record<string, string> };
    const date = CLAIMS.find(([id]) => id === item.id)?.[3] ?? '';
    const month = months.get(date.slice(0, 7)) ?? {
      n: 0,
      total: new Decimal(0),
      payers: new Map(SHARE_PARTIES.map((p) => [p, new Decimal(0)])),
    };
    month.n += 1;
    month.total = month.total.add(body.total);
    for (const party of SHARE_PARTIES) {
      month.payers.set(
        party,
        (month.payers.get(party) ?? new Decimal(0)).add(body.payers[party] ?? '0'),
      );
    }
    months.set(date.slice(0, 7), month);
  }
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, m]) => ({
      month,
      settlements: m.n,
      total: m.total.toFixed(2),
      payers: Object.fromEntries([...m.payers].map(([p, v]) => [p, v.toFixed(2)])),
    }));
}

describe.each(backends('openpayer_test_settlements'))(
  'settlement totals by month on $name',
  ({ open }) => {
    it('sums each month exactly to the settlements the list returns, for every filter', async () => {
      store = await seeded(open);
      const filters: SettlementFilter[] = [
        {},
        { status: 'settled' },
        { status: 'reversed' },
        { institutionCode: H1 },
        { institutionCode: H2, serviceFrom: '2025-07-01' },
        { serviceFrom: '2025-06-30', serviceTo: '2025-08-01' },
      ];
      for (const filter of filters) {
        expect(await settlementTotalsByMonth(store, filter), JSON.stringify(filter)).toEqual(
          await listedSums(store, filter),
        );
      }
    });

    it('gives the months in order, with the payers summing to the total and two decimals', async () => {
      store = await seeded(open);
      const months = await settlementTotalsByMonth(store, { status: 'settled' });
      expect(months.map((m) => [m.month, m.settlements, m.total])).toEqual([
        ['2025-06', 2, '6234.56'],
        ['2025-07', 1, '7000.10'],
        ['2025-08', 1, '9999.99'],
      ]);
      for (const month of months) {
        const payers = Object.values(month.payers);
        expect(payers.every((amount) => /^\d+\.\d{2}$/u.test(amount))).toBe(true);
        expect(payers.reduce((sum, a) => sum.add(a), new Decimal(0)).toFixed(2)).toBe(month.total);
      }
      expect(await settlementTotalsByMonth(store, { claimId: 'C-none' })).toEqual([]);
    });
  },
);
