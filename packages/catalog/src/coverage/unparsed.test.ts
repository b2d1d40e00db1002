import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemNamed, lungCancerClaim, nrdl2024 } from '../__fixtures__/nrdl.ts';
import type { CatalogItem } from '../item/item.ts';
import { CatalogIndex } from '../lookup/catalog-index.ts';
import {
  type CatalogRelease,
  UNPARSED_RESTRICTION_OUTCOMES,
  type UnparsedRestrictionOutcome,
  catalogReleaseSchema,
} from '../version/release.ts';
import {
  type CoverageContext,
  type CoverageDecision,
  decideClaim,
  decideCoverage,
} from './decide.ts';

/** The context of a claim's first line, as decideClaim would build it, without an index. */
function contextOf(
  claim: ReturnType<typeof lungCancerClaim>,
  extra: Partial<CoverageContext> = {},
): CoverageContext {
  const line = claim.lines[0]!;
  return { person: claim.person, institution: claim.institution, claim, line, ...extra };
}

const PAID = new Set<CoverageDecision['outcome']>(['covered', 'covered_first_self_pay']);

// 达可替尼片 with a fragment its reading left over: what was read (EGFR, NSCLC, first line) still
// decides; the fragment is what the setting acts on. Built here so the cases do not depend on
// which texts the parser reads today.
const FRAGMENT = '以下情况方可支付，且支付不超过12个月';
const dacomitinib = itemNamed('达可替尼片');
const partlyRead: CatalogItem = {
  ...dacomitinib,
  structuring: 'partial',
  unparsed: [FRAGMENT],
};
const notRead: CatalogItem = {
  ...dacomitinib,
  restrictions: [],
  indications: [],
  structuring: 'unparsed',
  unparsed: [dacomitinib.restrictionText ?? FRAGMENT],
};

describe('a line whose item has restriction text that was not read', () => {
  it('is decided on what was read and flagged for review, naming the fragments (flag, the default)', () => {
    const decision = decideCoverage(partlyRead, contextOf(lungCancerClaim()));
    expect(decision.outcome).toBe('covered_first_self_pay');
    expect(decision.review).toBe(true);
    expect(decision.unparsed).toEqual([FRAGMENT]);
    expect(decision.reasons.find((r) => r.code === 'coverage.unparsed_restriction')).toMatchObject({
      severity: 'warning',
      data: { itemId: dacomitinib.id, fragments: [FRAGMENT] },
    });
    // The same with the setting given explicitly.
    expect(
      decideCoverage(partlyRead, contextOf(lungCancerClaim(), { unparsedRestrictions: 'flag' })),
    ).toEqual(decision);
  });

  it('is still refused on what was read when that part is not met', () => {
    const noEvidence = lungCancerClaim((c) => (c.evidence = []));
    const decision = decideCoverage(partlyRead, contextOf(noEvidence));
    expect(decision.outcome).toBe('self_pay');
    expect(decision.reasons.map((r) => r.code)).toEqual(['coverage.restriction_not_met']);
  });

  it('is paid for anyone when nothing was read, but never without the flag', () => {
    const breast = lungCancerClaim((c) => {
      c.diagnoses = [{ code: 'C50.900', role: 'principal' }];
      c.evidence = [];
    });
    const decision = decideCoverage(notRead, contextOf(breast));
    expect(decision.outcome).toBe('covered_first_self_pay');
    expect(decision.review).toBe(true);
    expect(decision.unparsed).toEqual(notRead.unparsed);
    expect(decision.reasons.map((r) => r.code)).toContain('coverage.unparsed_restriction');
  });

  it('is held for review when the release says hold', () => {
    const decision = decideCoverage(
      partlyRead,
      contextOf(lungCancerClaim(), { unparsedRestrictions: 'hold' }),
    );
    expect(decision.outcome).toBe('needs_approval');
    expect(decision.review).toBe(true);
    expect(decision.unparsed).toEqual([FRAGMENT]);
    expect(decision.reasons.map((r) => r.code)).toEqual(['coverage.held_for_review']);
    expect(decision.reasons[0]?.data).toMatchObject({ fragments: [FRAGMENT] });
    expect(decision.reasons[0]?.message).toContain(FRAGMENT);
  });

  it('is self-paid when the release says self_pay, with in-catalog alternatives offered', () => {
    const decision = decideCoverage(
      notRead,
      contextOf(lungCancerClaim(), {
        unparsedRestrictions: 'self_pay',
        alternatives: () => ['XL01EB/吉非替尼片'],
      }),
    );
    expect(decision.outcome).toBe('self_pay');
    expect(decision.review).toBe(true);
    expect(decision.reasons.map((r) => r.code)).toEqual(['coverage.unparsed_restriction_self_pay']);
    expect(decision.alternatives).toEqual(['XL01EB/吉非替尼片']);
  });

  it('leaves an item whose text was read in full as it was, whatever the setting', () => {
    const decisions = UNPARSED_RESTRICTION_OUTCOMES.map((mode) =>
      decideCoverage(dacomitinib, contextOf(lungCancerClaim(), { unparsedRestrictions: mode })),
    );
    for (const d of decisions) {
      expect(d).toEqual(decisions[0]);
      expect(d.unparsed).toEqual([]);
      expect(d.review).toBe(false);
    }
  });
});

describe("the release's unparsedRestrictions setting", () => {
  it('defaults to flag and refuses an unknown outcome, naming the field', () => {
    const wire = headerWire(nrdl2024().release);
    const read = catalogReleaseSchema.parse(wire);
    expect(read.unparsedRestrictions).toBe('flag');
    const bad = catalogReleaseSchema.safeParse({ ...wire, unparsedRestrictions: 'pay' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['unparsedRestrictions']);
  });

  it('is what decideClaim applies to every line of a claim', () => {
    const base = nrdl2024().release;
    const release: CatalogRelease = {
      ...base,
      items: base.items.map((i) => (i.id === dacomitinib.id ? partlyRead : i)),
      unparsedRestrictions: 'hold',
    };
    const claim = lungCancerClaim((c) => {
      c.lines[0] = { ...c.lines[0]!, code: dacomitinib.codes[0] ?? c.lines[0]!.code };
    });
    const [line] = decideClaim(new CatalogIndex(release), claim);
    expect(line?.decision.itemId).toBe(dacomitinib.id);
    expect(line?.decision.outcome).toBe('needs_approval');
    expect(line?.decision.reasons.map((r) => r.code)).toContain('coverage.held_for_review');
  });
});

function headerWire(release: CatalogRelease): Record<string, unknown> {
  const { id, title, region, effective, publishedOn, source } = release;
  return JSON.parse(
    JSON.stringify({ id, title, region, effective, publishedOn, source, items: [] }),
  ) as Record<string, unknown>;
}

/** Diagnosis prefixes and evidence tests an item's restrictions name, to build claims it may pay. */
function vocabularyOf(item: CatalogItem): { prefixes: string[]; tests: string[] } {
  const prefixes = new Set<string>();
  const tests = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'prefixes' && Array.isArray(v))
          for (const p of v) if (typeof p === 'string') prefixes.add(p);
        if (k === 'test' && typeof v === 'string') tests.add(v);
        walk(v);
      }
    }
  };
  walk([item.restrictions, item.indications]);
  return { prefixes: [...prefixes], tests: [...tests] };
}

describe('no line for an item with unparsed text is paid without a review flag (whole 2024 list)', () => {
  const base = nrdl2024().release;
  const withUnparsed = base.items.filter((i) => i.unparsed.length > 0);
  const indexes = new Map<UnparsedRestrictionOutcome, CatalogIndex>(
    UNPARSED_RESTRICTION_OUTCOMES.map((mode) => [
      mode,
      new CatalogIndex({ ...base, unparsedRestrictions: mode }),
    ]),
  );
  const vocabularies = withUnparsed.map(vocabularyOf);

  it('has items with unparsed text to check', () => {
    expect(withUnparsed.length).toBeGreaterThan(0);
  });

  /** A claim for item `k` built from random facts and the item's own vocabulary. */
  const caseArb = fc.record({
    k: fc.integer({ min: 0, max: withUnparsed.length - 1 }),
    prefixPick: fc.nat(),
    testPicks: fc.array(fc.nat(), { maxLength: 3 }),
    result: fc.constantFrom('positive' as const, 'negative' as const),
    otherDiagnosis: fc.constantFrom('C34.900', 'C50.900', 'E11.900', 'I10.x00', 'K25.900'),
    useOwnDiagnosis: fc.boolean(),
    tier: fc.constantFrom('primary' as const, 'secondary' as const, 'tertiary' as const),
    sex: fc.constantFrom('male' as const, 'female' as const),
    birthYear: fc.integer({ min: 1935, max: 2023 }),
    inpatient: fc.boolean(),
    date: fc.constantFrom('2025-03-01', '2025-12-31'),
    lineOfTherapy: fc.integer({ min: 1, max: 4 }),
    title: fc.constantFrom('resident' as const, 'attending' as const, 'chief' as const),
  });

  it('in every mode: paid lines carry the flag and the fragments; hold and self_pay pay none', () => {
    const paid = new Map<UnparsedRestrictionOutcome, number>(
      UNPARSED_RESTRICTION_OUTCOMES.map((m) => [m, 0]),
    );
    fc.assert(
      fc.property(caseArb, (c) => {
        const item = withUnparsed[c.k]!;
        const vocabulary = vocabularies[c.k]!;
        const own = vocabulary.prefixes[c.prefixPick % Math.max(1, vocabulary.prefixes.length)];
        const claim = lungCancerClaim((w) => {
          w.type = c.inpatient ? 'inpatient' : 'outpatient';
          if (c.inpatient) w.dischargeDate = c.date;
          w.admissionDate = c.date;
          w.person.sex = c.sex;
          w.person.birthDate = `${c.birthYear}-06-15`;
          w.institution = { ...w.institution, tier: c.tier };
          w.attendingPrescriber = { id: 'D-0101', title: c.title };
          w.diagnoses = [
            {
              code: c.useOwnDiagnosis && own !== undefined ? own : c.otherDiagnosis,
              role: 'principal',
            },
          ];
          w.evidence = c.testPicks
            .map((p) => vocabulary.tests[p % Math.max(1, vocabulary.tests.length)])
            .filter((t) => t !== undefined)
            .map((test) => ({ kind: 'biomarker', test, result: c.result, date: '2025-01-02' }));
          w.lines[0] = {
            ...w.lines[0]!,
            kind: item.kind,
            code: item.codes[0] ?? w.lines[0]!.code,
            name: item.name,
            date: c.date,
            lineOfTherapy: c.lineOfTherapy,
            prescriber: { id: 'D-0101', title: c.title },
          };
        });
        for (const mode of UNPARSED_RESTRICTION_OUTCOMES) {
          // Through the index when the item has a code; by the item itself when it has none
          // (most of the list has no national code: such lines match by name or not at all).
          const index = indexes.get(mode)!;
          const decision =
            item.codes.length > 0
              ? decideClaim(index, claim)[0]!.decision
              : decideCoverage(item, contextOf(claim, { unparsedRestrictions: mode }));
          if (decision.itemId !== item.id) continue;
          if (!PAID.has(decision.outcome)) continue;
          paid.set(mode, (paid.get(mode) ?? 0) + 1);
          expect(mode, item.id).toBe('flag');
          expect(decision.review, item.id).toBe(true);
          expect(decision.unparsed, item.id).toEqual(item.unparsed);
          expect(decision.reasons.map((r) => r.code)).toContain('coverage.unparsed_restriction');
        }
      }),
      { numRuns: 2000, seed: 18 },
    );
    // The property was exercised: generated claims did get paid under flag.
    expect(paid.get('flag')).toBeGreaterThan(0);
    expect(paid.get('hold')).toBe(0);
    expect(paid.get('self_pay')).toBe(0);
  });

  it('every item with unparsed text, decided once in each mode on a claim its read part allows', () => {
    for (const item of withUnparsed) {
      const claim = lungCancerClaim((w) => {
        w.diagnoses = [{ code: vocabularyOf(item).prefixes[0] ?? 'C34.900', role: 'principal' }];
      });
      for (const mode of UNPARSED_RESTRICTION_OUTCOMES) {
        const decision = decideCoverage(item, contextOf(claim, { unparsedRestrictions: mode }));
        if (PAID.has(decision.outcome)) {
          expect(mode, item.id).toBe('flag');
          expect(decision.review, item.id).toBe(true);
          expect(decision.unparsed, item.id).toEqual(item.unparsed);
        }
        if (
          mode !== 'flag' &&
          decision.outcome !== 'self_pay' &&
          decision.outcome !== 'not_covered'
        )
          expect(decision.outcome, item.id).toBe('needs_approval');
      }
    }
  });
});
