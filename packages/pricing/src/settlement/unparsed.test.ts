import {
  type CatalogItem,
  type CatalogRelease,
  CatalogIndex,
  UNPARSED_RESTRICTION_OUTCOMES,
  type UnparsedRestrictionOutcome,
} from '@openpayer/catalog';
import { describe, expect, it } from 'vitest';
import {
  accumulatorsFrom,
  catalogIndex,
  claimFrom,
  demoPolicyWire,
  policyFrom,
} from '../__fixtures__/harness.ts';
import { type Settlement, settle } from './settle.ts';
import { decodeSettlement, encodeSettlement, encodeSettlementBySchema } from './wire.ts';

/**
 * The settlement carries what the catalog decision says about restriction text it could not read:
 * the review flag and the fragments on the line, and — when the release holds or self-pays such
 * lines — a self-pay part saying so.
 */

const policy = policyFrom(demoPolicyWire());
const base = catalogIndex().release;
const FRAGMENT = '以下情况方可支付，且支付不超过12个月';

// A class-A drug with a national code and no restriction text, given a fragment nobody read; its
// rule-base restrictions (sex, age, setting) are left out so that only the fragment decides.
const plain = base.items.find(
  (i) =>
    i.kind === 'drug' &&
    i.coverageClass === 'A' &&
    !i.negotiated &&
    i.restrictionText === null &&
    i.codes.length > 0 &&
    i.paymentStandard === null,
);
if (plain === undefined) throw new Error('the 2024 list has no plain class-A drug with a code');
const flagged: CatalogItem = {
  ...plain,
  restrictionText: FRAGMENT,
  structuring: 'unparsed',
  unparsed: [FRAGMENT],
};

function indexFor(
  mode: UnparsedRestrictionOutcome,
  items = base.items,
  codeRestrictions = base.codeRestrictions,
): CatalogIndex {
  const release: CatalogRelease = { ...base, items, codeRestrictions, unparsedRestrictions: mode };
  return new CatalogIndex(release);
}
const withFlagged = base.items.map((i) => (i.id === plain.id ? flagged : i));

function settleLine(catalog: CatalogIndex, item: CatalogItem): Settlement {
  const claim = claimFrom({
    lines: [
      {
        id: 'L1',
        kind: item.kind,
        code: item.codes[0],
        name: item.name,
        quantity: '10',
        unitPrice: '120.00',
        amount: '1200.00',
        date: '2025-06-10',
      },
    ],
  });
  const result = settle(claim, {
    policy,
    catalog,
    accumulators: accumulatorsFrom(claim, { deductibleUsed: '5000.00' }),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.value;
}

describe('a settled line whose item has restriction text that was not read', () => {
  it('is paid on what was read and carries the review flag with the fragments (flag)', () => {
    const s = settleLine(indexFor('flag', withFlagged, []), flagged);
    const [line] = s.lines;
    expect(line?.outcome).toBe('covered');
    expect(line?.payers.basic_fund?.isPositive()).toBe(true);
    expect(line?.review).toBe(true);
    expect(line?.unparsedRestriction).toEqual([FRAGMENT]);
    expect(line?.coverageReasons).toContain('coverage.unparsed_restriction');
    const wire = encodeSettlement(s);
    expect(wire.lines[0]?.review).toBe(true);
    expect(wire.lines[0]?.unparsedRestriction).toEqual([FRAGMENT]);
    expect(JSON.stringify(wire)).toBe(JSON.stringify(encodeSettlementBySchema(s)));
  });

  it('is held for review: the fund pays nothing on it until a reviewer decides (hold)', () => {
    const s = settleLine(indexFor('hold', withFlagged, []), flagged);
    const [line] = s.lines;
    expect(line?.outcome).toBe('needs_approval');
    expect(line?.payers.basic_fund).toBeUndefined();
    expect(line?.selfPay.map((p) => [p.reason, p.amount.toFixedString()])).toEqual([
      ['held_for_review', '1200.00'],
    ]);
    expect(line?.review).toBe(true);
    expect(line?.coverageReasons).toEqual(['coverage.held_for_review']);
    expect(JSON.stringify(encodeSettlement(s))).toBe(JSON.stringify(encodeSettlementBySchema(s)));
  });

  it('is self-paid, saying why (self_pay)', () => {
    const s = settleLine(indexFor('self_pay', withFlagged, []), flagged);
    const [line] = s.lines;
    expect(line?.outcome).toBe('self_pay');
    expect(line?.selfPay.map((p) => [p.reason, p.amount.toFixedString()])).toEqual([
      ['unparsed_restriction', '1200.00'],
    ]);
    expect(s.payers.patient.toFixedString()).toBe('1200.00');
    const wire = JSON.parse(JSON.stringify(encodeSettlement(s))) as ReturnType<
      typeof encodeSettlement
    >;
    expect(JSON.stringify(encodeSettlement(decodeSettlement(wire)))).toBe(JSON.stringify(wire));
  });

  it('reads a settlement stored before the flag existed as not flagged', () => {
    const wire = JSON.parse(
      JSON.stringify(encodeSettlement(settleLine(indexFor('flag'), plain))),
    ) as { lines: Record<string, unknown>[] };
    for (const l of wire.lines) {
      delete l['review'];
      delete l['unparsedRestriction'];
    }
    const back = decodeSettlement(wire as unknown as ReturnType<typeof encodeSettlement>);
    expect(back.lines[0]?.review).toBe(false);
    expect(back.lines[0]?.unparsedRestriction).toEqual([]);
  });
});

describe('over every coded item of the 2024 list with unparsed text, in each mode', () => {
  const coded = base.items.filter((i) => i.unparsed.length > 0 && i.codes.length > 0);
  it('never pays the fund on such a line without the review flag; hold and self_pay never pay', () => {
    expect(coded.length).toBeGreaterThan(0);
    let paidFlagged = 0;
    for (const mode of UNPARSED_RESTRICTION_OUTCOMES) {
      const catalog = indexFor(mode);
      for (const item of coded) {
        const [line] = settleLine(catalog, item).lines;
        if (line === undefined || line.itemId !== item.id) continue;
        const fundPays = line.eligible.isPositive() || line.payers.basic_fund !== undefined;
        if (!fundPays) continue;
        expect(mode, item.id).toBe('flag');
        expect(line.review, item.id).toBe(true);
        expect(line.unparsedRestriction, item.id).toEqual(item.unparsed);
        paidFlagged++;
      }
    }
    expect(paidFlagged).toBeGreaterThan(0);
  });
});
