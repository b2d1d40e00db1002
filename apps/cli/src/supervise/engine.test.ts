import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CatalogIndex } from '@openpayer/catalog';
import { importShippedNrdl2024 } from '@openpayer/catalog/node';
import {
  type Claim,
  type ClaimLine,
  addDays,
  calendarDate,
  claimLineSchema,
  claimSchema,
  findingSchema,
} from '@openpayer/domain';
import {
  type CompiledRuleSet,
  compileRuleSet,
  type HistoryReach,
  historyOf,
  historyReachOf,
  loadRuleSet,
  reviewClaim,
} from '@openpayer/supervision';
import { demoClaimWire, lineAmount } from '@openpayer/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HistoryStore } from './engine.ts';
import { findingLineText, superviseFindingLineSchema } from './output.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const DEMO_RULES = path.join(repo, 'packages/supervision/data/demo-rules-230100.json');

const AMLODIPINE = { code: 'XC08CXA001A001010100001', name: '氨氯地平' };
const DACOMITINIB = { code: 'XL01EBD999A001010100001', name: '达可替尼片' };

function compiled(document: unknown): CompiledRuleSet {
  const loaded = loadRuleSet(document);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues.slice(0, 2)));
  return compileRuleSet(loaded.value);
}

const rule = (code: string, window: unknown, check: unknown) => ({
  code,
  name: code,
  category: 'medical',
  stages: ['post_payment'],
  resultType: 'suspicious',
  severity: 'medium',
  action: 'warn',
  window,
  from: '2025-01-01',
  check,
});

const TEST_RULES = {
  id: 'test-history-2025',
  title: 'history test rules',
  region: null,
  publishedOn: '2025-01-01',
  rules: [
    rule(
      'T-TPW',
      { kind: 'days', days: 30 },
      {
        kind: 'times_per_window',
        items: ['XC08CXA001'],
        maxTimes: '1',
      },
    ),
    // A visit-window rule: reads this claim only, so its items are no history.
    rule('T-SEX', { kind: 'visit' }, { kind: 'item_sex', items: ['XL01EB'], sex: 'female' }),
  ],
};

function visit(
  id: string,
  date: string,
  item: { code: string; name: string },
  person = 'P-1',
): {
  claim: Claim;
  wire: { lines: unknown[]; evidence?: unknown };
} {
  const quantity = '1';
  const wire = demoClaimWire({
    id,
    type: 'outpatient',
    person: { id: person },
    admissionDate: date,
    dischargeDate: null,
    lines: [
      {
        id: 'L1',
        kind: 'drug',
        code: item.code,
        name: item.name,
        quantity,
        unitPrice: '1.20',
        amount: lineAmount(quantity, '1.20'),
        date,
      },
    ],
  }) as unknown as { lines: unknown[] };
  return { claim: claimSchema.parse(wire), wire };
}

/** Every line and the evidence kept, read back `days`. */
const everything = (days: number): HistoryReach => ({
  lineDays: () => days,
  evidenceDays: days,
  lookbackDays: days,
});

describe('HistoryStore', () => {
  it('holds only the lookback of claims in date order, and at most historyMax per person', () => {
    const store = new HistoryStore(everything(30), 1000, 16);
    let most = 0;
    let date = calendarDate('2024-01-01');
    for (let i = 0; i < 730; i++) {
      const { claim, wire } = visit(`C-${i}`, date, AMLODIPINE, `P-${i % 5}`);
      store.historyFor(claim);
      store.add(claim, wire);
      most = Math.max(most, store.size);
      date = addDays(date, 1);
    }
    // 730 claims over two years; the store never held more than the lookback's (+ a sweep's).
    expect(most).toBeLessThanOrEqual(30 + 16 + 5);
    expect(most).toBeGreaterThanOrEqual(30);

    const capped = new HistoryStore(everything(366), 3);
    for (let i = 0; i < 10; i++) {
      const { claim, wire } = visit(
        `C-${i}`,
        `2025-03-${String(i + 1).padStart(2, '0')}`,
        AMLODIPINE,
      );
      capped.add(claim, wire);
    }
    expect(capped.size).toBe(3);
  });

  it('answers which codes earlier lines bill from the packed claims, as claimsBetween does', () => {
    const store = new HistoryStore(everything(30), 1000);
    const billed = [
      visit('C-1', '2025-03-01', AMLODIPINE),
      visit('C-2', '2025-03-05', DACOMITINIB),
      visit('C-3', '2025-03-09', AMLODIPINE, 'P-2'),
    ];
    for (const { claim, wire } of billed) store.add(claim, wire);
    const current = visit('C-9', '2025-03-10', AMLODIPINE).claim;
    const history = store.historyFor(current);
    const someLineCode = history.someLineCode?.bind(history);
    expect(someLineCode).toBeDefined();
    const fromClaims = (from: string, to: string, skip: string, code: string) =>
      history
        .claimsBetween(calendarDate(from), calendarDate(to))
        .some(
          (p) =>
            p.claim.id !== skip &&
            p.claim.lines.some((l) => l.code === code && l.date >= from && l.date <= to),
        );
    for (const [from, to, skip, code] of [
      ['2025-03-01', '2025-03-10', 'C-9', AMLODIPINE.code],
      ['2025-03-02', '2025-03-10', 'C-9', AMLODIPINE.code],
      ['2025-03-02', '2025-03-10', 'C-9', DACOMITINIB.code],
      ['2025-03-06', '2025-03-10', 'C-9', DACOMITINIB.code],
      ['2025-03-01', '2025-03-01', 'C-1', AMLODIPINE.code],
    ] as const) {
      const answer = someLineCode?.(calendarDate(from), calendarDate(to), skip, (c) => c === code);
      expect(answer, `${from}..${to} ${code}`).toBe(fromClaims(from, to, skip, code));
    }
    // The person's own claims only; the claim named is skipped.
    expect(
      someLineCode?.(calendarDate('2025-03-01'), calendarDate('2025-03-01'), 'C-1', () => true),
    ).toBe(false);
    expect(
      someLineCode?.(calendarDate('2025-03-01'), calendarDate('2025-03-05'), 'C-9', () => true),
    ).toBe(true);
  });

  it('gives back each kept line as it was read, however its item was billed before', () => {
    const store = new HistoryStore(everything(30), 1000);
    const billed = [
      // An extra member first: a later line without it is another template.
      { name: AMLODIPINE.name, unitPrice: '1.20', localCode: 'H-AML-5' },
      { name: AMLODIPINE.name, unitPrice: '1.20' },
      { name: AMLODIPINE.name, unitPrice: '1.50' },
      { name: '苯磺酸氨氯地平片（另一厂家）', unitPrice: '1.20' },
      { name: AMLODIPINE.name, unitPrice: '1.20', lineOfTherapy: 2 },
      { name: AMLODIPINE.name, unitPrice: '1.20' },
    ];
    const wires = billed.map((b, i) => {
      const { wire } = visit(`C-${i}`, `2025-03-0${String(i + 1)}`, AMLODIPINE);
      const line = { ...(wire.lines[0] as Record<string, unknown>), ...b, amount: b.unitPrice };
      const read = { ...wire, lines: [line] };
      store.add(claimSchema.parse(read), read);
      return line;
    });
    const { claim } = visit('C-9', '2025-03-09', AMLODIPINE);
    const kept = store
      .historyFor(claim)
      .claimsBetween(calendarDate('2025-03-01'), calendarDate('2025-03-09'));
    expect(kept.map((p) => p.claim.id)).toEqual(['C-0', 'C-1', 'C-2', 'C-3', 'C-4', 'C-5']);
    expect(kept.map((p) => z.encode(claimLineSchema, p.claim.lines[0] as ClaimLine))).toEqual(
      wires.map((w) => z.encode(claimLineSchema, claimLineSchema.parse(w))),
    );
  });

  it('gives the review the same findings as historyOf over the full earlier claims', () => {
    const imported = importShippedNrdl2024();
    if (!imported.ok) throw new Error('the shipped catalog does not import');
    const catalog = new CatalogIndex(imported.value.release);
    const ruleSets = [compiled(JSON.parse(readFileSync(DEMO_RULES, 'utf8'))), compiled(TEST_RULES)];
    const store = new HistoryStore(historyReachOf(ruleSets), 1000);
    const earlier: Claim[] = [];
    const dates = ['2025-03-01', '2025-03-20', '2025-03-22', '2025-05-01', '2025-05-15'];
    let findings = 0;
    dates.forEach((date, i) => {
      const { claim, wire } = visit(`C-${i}`, date, i % 2 === 0 ? AMLODIPINE : DACOMITINIB);
      const full = reviewClaim(
        claim,
        { catalog },
        {
          ruleSets,
          history: historyOf(earlier.map((c) => ({ claim: c, settlementId: null }))),
        },
      );
      const kept = reviewClaim(claim, { catalog }, { ruleSets, history: store.historyFor(claim) });
      expect(kept).toEqual(full);
      findings += full.filter((f) => f.rule.code === 'T-TPW').length;
      store.add(claim, wire);
      earlier.push(claim);
    });
    // C-2 (03-22) follows C-0 (03-01) within 30 days; C-4 (05-15) is alone in its window.
    expect(findings).toBe(1);
  });
});

describe('HistoryStore with the rules’ reach', () => {
  it('keeps an earlier claim’s main item of a duplicate pair, and finds the duplicate', () => {
    const imported = importShippedNrdl2024();
    if (!imported.ok) throw new Error('the shipped catalog does not import');
    const catalog = new CatalogIndex(imported.value.release);
    const ruleSets = [
      compiled({
        ...TEST_RULES,
        rules: [
          rule(
            'T-DUP',
            { kind: 'natural_day' },
            {
              kind: 'duplicate_charge',
              pairs: [{ main: 'XC08CXA001', secondary: 'XL01EBD999' }],
            },
          ),
        ],
      }),
    ];
    const store = new HistoryStore(historyReachOf(ruleSets), 1000);
    const main = visit('C-MAIN', '2025-04-02', AMLODIPINE);
    store.add(main.claim, main.wire);
    // Only the main item's line is kept: the secondary's is never read back.
    expect(store.size).toBe(1);
    const secondary = visit('C-SECONDARY', '2025-04-02', DACOMITINIB);
    const kept = reviewClaim(
      secondary.claim,
      { catalog },
      { ruleSets, history: store.historyFor(secondary.claim) },
    );
    const full = reviewClaim(
      secondary.claim,
      { catalog },
      { ruleSets, history: historyOf([{ claim: main.claim, settlementId: null }]) },
    );
    expect(kept).toEqual(full);
    expect(kept.map((f) => [f.rule.code, f.evidence['otherClaims']])).toEqual([
      ['T-DUP', ['C-MAIN']],
    ]);
    store.add(secondary.claim, secondary.wire);
    expect(store.size).toBe(1);
  });
});

describe('findingLineText', () => {
  it("writes the finding line schema's wire form, field for field and in its order", () => {
    const finding = findingSchema.parse({
      rule: { ruleSet: 'RS-1', code: 'R-1', version: 2, name: '规则' },
      category: 'medical',
      stage: 'post_payment',
      severity: 'high',
      resultType: 'suspicious',
      action: 'hold',
      lineIds: ['L1', 'L2'],
      evidence: { count: '3', found: [], ok: false, none: null },
      explanation: { zh: '中文', en: 'English' },
    });
    const claim = { id: 'C-1', institution: { code: 'H-1' }, person: { id: 'P-1' } };
    const text = findingLineText(claim, finding);
    const wire = superviseFindingLineSchema.encode({
      claimId: 'C-1',
      institution: 'H-1',
      personId: 'P-1',
      lineIds: ['L1', 'L2'],
      finding,
    });
    expect(text).toBe(JSON.stringify(wire));
    expect(superviseFindingLineSchema.parse(JSON.parse(text))).toEqual(wire);
  });
});
