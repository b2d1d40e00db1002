import { type Claim, type Finding, Decimal, claimSchema, findingSchema } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { NO_HISTORY, type PersonHistory, compileRuleSet, historyOf, review } from '../review.ts';
import { type RuleWire, ruleSetSchema } from '../rule-set.ts';

/*
 * Item codes and limits below are the national rule base's
 * (/work/shared/data/external/nhsa-rule-base, NHSA "两库" batches 1–8, reference data).
 */
const EMERGENCY_MONITORING = { code: '001103000010000', name: '急诊监护费' };
const EMERGENCY_CONSULTATION = { code: '001102000030000', name: '急诊诊查费' };
const WARD_BED = { code: '001109000010000', name: '普通病房床位费' };
const MULTIPLE_HEMATOMA_REMOVAL = { code: '003302010140000', name: '颅内多发血肿清除术' };
const EPIDURAL_HEMATOMA_DRAINAGE = { code: '003302010040000', name: '颅内硬膜外血肿引流术' };
const HBA1C = { code: '002503020030000', name: '糖化血红蛋白测定' };
const INPATIENT_CONSULTATION = { code: '001102000050000', name: '住院诊查费' };
const OZAGREL = { code: 'XB01AXA223B002010100156', name: '奥扎格雷钠注射液' };
const UTERUS_ANGIOGRAPHY = { code: '002101030300000', name: '子宫造影' };
const CHILD_RESIN_CROWN = { code: '003105120040000', name: '儿童前牙树脂冠修复' };
const SHENFU = { code: 'ZA05CAC0029010102312', name: '参附注射液' };
const OMEGA3_EMULSION = { code: 'XB05BAU005B002010101415', name: 'ω-3鱼油脂肪乳注射液' };
const SCAR_CREAM = { code: 'ZH01AAB0066010100716', name: '疤痕止痒软化膏' };
const ESOPHAGECTOMY = { code: '003310010140000', name: '食管癌根治+结肠代食管术' };
const STRICTUROPLASTY = { code: '003310010160000', name: '食管胃吻合口狭窄切开成形术' };

interface LineSpec {
  readonly id: string;
  readonly item: { readonly code: string; readonly name: string };
  readonly date: string;
  readonly quantity?: string;
  readonly daysSupply?: number;
  readonly kind?: 'drug' | 'service';
}

interface ClaimSpec {
  readonly id?: string;
  readonly type?: string;
  readonly scheme?: string;
  readonly admissionDate: string;
  readonly dischargeDate?: string;
  readonly person?: Record<string, unknown>;
  readonly tier?: string;
  readonly lines: readonly LineSpec[];
}

const UNIT_PRICE = '12.50';

/** A wire claim of a Harbin employee at a tertiary hospital, decoded by the domain's schema. */
function claimOf(spec: ClaimSpec): Claim {
  const lines = spec.lines.map((l) => {
    const quantity = l.quantity ?? '1';
    return {
      id: l.id,
      kind: l.kind ?? (l.item.code.startsWith('00') ? 'service' : 'drug'),
      code: l.item.code,
      name: l.item.name,
      quantity,
      unitPrice: UNIT_PRICE,
      amount: new Decimal(quantity).times(UNIT_PRICE).toFixed(2),
      date: l.date,
      ...(l.daysSupply === undefined ? {} : { daysSupply: l.daysSupply }),
    };
  });
  return claimSchema.parse({
    id: spec.id ?? 'C-REVIEWED',
    type: spec.type ?? 'inpatient',
    ...(spec.scheme === undefined ? {} : { scheme: spec.scheme }),
    person: {
      id: 'P-000501',
      birthDate: '1962-08-19',
      sex: 'male',
      insuranceType: 'employee',
      insuredRegion: '230100',
      ...spec.person,
    },
    institution: {
      code: 'H23010300012',
      name: '哈尔滨示范三级医院',
      tier: spec.tier ?? 'tertiary',
      region: '230100',
    },
    admissionDate: spec.admissionDate,
    ...(spec.dischargeDate === undefined ? {} : { dischargeDate: spec.dischargeDate }),
    diagnoses: [{ code: 'I63.900', role: 'principal' }],
    lines,
    totalAmount: lines.reduce((sum, l) => sum.plus(l.amount), new Decimal(0)).toFixed(2),
  });
}

type CheckWire = RuleWire['check'];

/** Review `claim` with one rule of `check` (and `window`) in a national rule set. */
function run(
  check: CheckWire,
  claim: Claim,
  options: { window?: RuleWire['window']; history?: PersonHistory } = {},
): Finding[] {
  const ruleSet = ruleSetSchema.parse({
    id: 'nhsa-items-test',
    title: 'item rules under test',
    region: null,
    publishedOn: '2024-01-01',
    rules: [
      {
        code: 'ITEM-0001',
        name: 'item rule under test',
        category: 'medical',
        stages: ['settle'],
        resultType: 'violation',
        severity: 'high',
        action: 'deduct',
        from: '2020-01-01',
        ...(options.window === undefined ? {} : { window: options.window }),
        check,
      },
    ],
  });
  return review(compileRuleSet(ruleSet), {
    claim,
    stage: 'settle',
    decisions: [],
    history: options.history ?? NO_HISTORY,
  });
}

const priors = (...claims: Claim[]): PersonHistory =>
  historyOf(claims.map((claim) => ({ claim, settlementId: null })));

const lineIdsOf = (findings: readonly Finding[]): string[] => findings.flatMap((f) => f.lineIds);

describe('duplicate_charge (重复收费)', () => {
  const pairs: CheckWire = {
    kind: 'duplicate_charge',
    pairs: [
      { main: EMERGENCY_MONITORING.code, secondary: EMERGENCY_CONSULTATION.code },
      { main: EMERGENCY_MONITORING.code, secondary: WARD_BED.code },
    ],
  };

  it('flags 急诊诊查费 billed on the day 急诊监护费 is, naming the main line', () => {
    const claim = claimOf({
      type: 'outpatient',
      admissionDate: '2025-03-02',
      lines: [
        { id: 'L1', item: EMERGENCY_MONITORING, date: '2025-03-02' },
        { id: 'L2', item: EMERGENCY_CONSULTATION, date: '2025-03-02' },
        { id: 'L3', item: WARD_BED, date: '2025-03-02' },
      ],
    });
    const findings = run(pairs, claim, { window: { kind: 'natural_day' } });
    expect(lineIdsOf(findings)).toEqual(['L2', 'L3']);
    expect(findings[0]?.evidence).toMatchObject({
      mainLineId: 'L1',
      mainItemCode: EMERGENCY_MONITORING.code,
      itemCode: EMERGENCY_CONSULTATION.code,
      window: 'natural_day',
      otherClaims: [],
    });
    expect(findings[0]?.explanation.zh).toContain('急诊监护费');
    expect(findings[0]?.explanation.en).toContain(EMERGENCY_CONSULTATION.code);
  });

  it('does not flag the pair on different days of one claim, nor the main item alone', () => {
    const claim = claimOf({
      admissionDate: '2025-03-02',
      dischargeDate: '2025-03-04',
      lines: [
        { id: 'L1', item: EMERGENCY_MONITORING, date: '2025-03-02' },
        { id: 'L2', item: EMERGENCY_CONSULTATION, date: '2025-03-03' },
        { id: 'L3', item: EMERGENCY_MONITORING, date: '2025-03-04' },
      ],
    });
    expect(run(pairs, claim, { window: { kind: 'natural_day' } })).toEqual([]);
  });

  it('finds the main item in an earlier claim of the same day and names that claim', () => {
    const earlier = claimOf({
      id: 'C-EARLIER',
      type: 'outpatient',
      admissionDate: '2025-03-02',
      lines: [{ id: 'E1', item: EMERGENCY_MONITORING, date: '2025-03-02' }],
    });
    const claim = claimOf({
      type: 'outpatient',
      admissionDate: '2025-03-02',
      lines: [{ id: 'L1', item: EMERGENCY_CONSULTATION, date: '2025-03-02' }],
    });
    const findings = run(pairs, claim, {
      window: { kind: 'natural_day' },
      history: priors(earlier),
    });
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence).toMatchObject({
      mainLineId: 'E1',
      otherClaims: ['C-EARLIER'],
    });
    expect(findings[0]?.explanation.zh).toContain('C-EARLIER');
  });

  it('ignores an earlier claim on another day for a natural-day pair', () => {
    const earlier = claimOf({
      id: 'C-EARLIER',
      type: 'outpatient',
      admissionDate: '2025-03-01',
      lines: [{ id: 'E1', item: EMERGENCY_MONITORING, date: '2025-03-01' }],
    });
    const claim = claimOf({
      type: 'outpatient',
      admissionDate: '2025-03-02',
      lines: [{ id: 'L1', item: EMERGENCY_CONSULTATION, date: '2025-03-02' }],
    });
    expect(
      run(pairs, claim, { window: { kind: 'natural_day' }, history: priors(earlier) }),
    ).toEqual([]);
  });

  it('pairs a 单次就诊 rule within the claim across days, never with another claim', () => {
    const perVisit: CheckWire = {
      kind: 'duplicate_charge',
      pairs: [{ main: MULTIPLE_HEMATOMA_REMOVAL.code, secondary: EPIDURAL_HEMATOMA_DRAINAGE.code }],
    };
    const claim = claimOf({
      admissionDate: '2025-05-01',
      dischargeDate: '2025-05-12',
      lines: [
        { id: 'L1', item: EPIDURAL_HEMATOMA_DRAINAGE, date: '2025-05-01' },
        { id: 'L2', item: MULTIPLE_HEMATOMA_REMOVAL, date: '2025-05-03' },
      ],
    });
    const findings = run(perVisit, claim, { window: { kind: 'visit' } });
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence['mainLineId']).toBe('L2');

    const earlier = claimOf({
      id: 'C-EARLIER',
      admissionDate: '2025-04-01',
      dischargeDate: '2025-04-10',
      lines: [{ id: 'E1', item: MULTIPLE_HEMATOMA_REMOVAL, date: '2025-04-02' }],
    });
    const alone = claimOf({
      admissionDate: '2025-05-01',
      dischargeDate: '2025-05-12',
      lines: [{ id: 'L1', item: EPIDURAL_HEMATOMA_DRAINAGE, date: '2025-05-01' }],
    });
    expect(run(perVisit, alone, { window: { kind: 'visit' }, history: priors(earlier) })).toEqual(
      [],
    );
  });

  it('pairs lines within N days either way for a days window, across claims', () => {
    const earlier = claimOf({
      id: 'C-EARLIER',
      type: 'outpatient',
      admissionDate: '2025-03-01',
      lines: [{ id: 'E1', item: EMERGENCY_MONITORING, date: '2025-03-01' }],
    });
    const claim = claimOf({
      admissionDate: '2025-03-03',
      dischargeDate: '2025-03-09',
      lines: [
        { id: 'L1', item: EMERGENCY_CONSULTATION, date: '2025-03-03' },
        { id: 'L2', item: WARD_BED, date: '2025-03-06' },
        { id: 'L3', item: EMERGENCY_MONITORING, date: '2025-03-09' },
      ],
    });
    const findings = run(pairs, claim, {
      window: { kind: 'days', days: 3 },
      history: priors(earlier),
    });
    // L1 is 2 days after E1; L2 is 3 days from L3 and 5 from E1: out of a 3-day window.
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence['otherClaims']).toEqual(['C-EARLIER']);
  });

  it('runs each rule of a set that bills a main item anywhere in its reach, whatever the window', () => {
    // Two rules over the same pair: same day, and within 7 days. The main item is billed in an
    // earlier claim 5 days before: out of the first rule's reach, within the second's.
    const rule = (code: string, window: RuleWire['window']) => ({
      code,
      name: `重复收费 ${code}`,
      category: 'medical',
      stages: ['settle'],
      resultType: 'violation',
      severity: 'high',
      action: 'deduct',
      from: '2020-01-01',
      window,
      check: pairs,
    });
    const ruleSet = ruleSetSchema.parse({
      id: 'nhsa-items-test',
      title: 'two windows',
      region: null,
      publishedOn: '2024-01-01',
      rules: [rule('DUP-DAY', { kind: 'natural_day' }), rule('DUP-7', { kind: 'days', days: 7 })],
    });
    const earlier = claimOf({
      id: 'C-EARLIER',
      type: 'outpatient',
      admissionDate: '2025-03-01',
      lines: [{ id: 'E1', item: EMERGENCY_MONITORING, date: '2025-03-01' }],
    });
    const claim = claimOf({
      type: 'outpatient',
      admissionDate: '2025-03-06',
      lines: [{ id: 'L1', item: EMERGENCY_CONSULTATION, date: '2025-03-06' }],
    });
    const input = { claim, stage: 'settle' as const, decisions: [], history: priors(earlier) };
    const findings = review(compileRuleSet(ruleSet), input);
    expect(findings.map((f) => [f.rule.code, f.lineIds])).toEqual([['DUP-7', ['L1']]]);
    expect(review(compileRuleSet(ruleSet), { ...input, history: NO_HISTORY })).toEqual([]);
  });

  it('checks a claim of 2000 lines against a list the size of the national one (901 pairs)', () => {
    const many: { main: string; secondary: string }[] = [];
    for (let i = 0; i < 900; i++) {
      many.push({
        main: `0011${String(i).padStart(11, '0')}`,
        secondary: `0012${String(i).padStart(11, '0')}`,
      });
    }
    many.push({ main: EMERGENCY_MONITORING.code, secondary: EMERGENCY_CONSULTATION.code });
    const lines: LineSpec[] = [];
    for (let i = 0; i < 2000; i++) {
      lines.push({
        id: `L${i}`,
        item: i % 2 === 0 ? EMERGENCY_MONITORING : EMERGENCY_CONSULTATION,
        date: '2025-03-02',
      });
    }
    const claim = claimOf({ type: 'outpatient', admissionDate: '2025-03-02', lines });
    const findings = run({ kind: 'duplicate_charge', pairs: many }, claim, {
      window: { kind: 'natural_day' },
    });
    expect(findings).toHaveLength(1000);
    expect(findings.every((f) => f.evidence['mainLineId'] === 'L0')).toBe(true);
  });
});

describe('times_per_window (限定周期)', () => {
  const hba1c: CheckWire = { kind: 'times_per_window', items: [HBA1C.code], maxTimes: '1' };
  const fifteenDays = { kind: 'days', days: 15 } as const;

  it('passes the first test in 15 days and flags the next within them', () => {
    const claim = claimOf({
      admissionDate: '2025-06-01',
      dischargeDate: '2025-06-20',
      lines: [
        { id: 'L1', item: HBA1C, date: '2025-06-01' },
        { id: 'L2', item: HBA1C, date: '2025-06-10' },
        { id: 'L3', item: HBA1C, date: '2025-06-20' },
      ],
    });
    const findings = run(hba1c, claim, { window: fifteenDays });
    // L3 is 19 days after L1: its window (06-06..06-20) holds L2 and L3.
    expect(lineIdsOf(findings)).toEqual(['L2', 'L3']);
    expect(findings[0]?.evidence).toMatchObject({
      count: '2',
      maxTimes: '1',
      windowFrom: '2025-05-27',
      windowTo: '2025-06-10',
      countedLineIds: ['L1', 'L2'],
      otherClaims: [],
    });
  });

  it('flags the second test in the window though a refund line of the test follows it', () => {
    const claim = claimOf({
      admissionDate: '2025-06-01',
      dischargeDate: '2025-06-20',
      lines: [
        { id: 'L1', item: HBA1C, date: '2025-06-01' },
        { id: 'L2', item: HBA1C, date: '2025-06-05' },
        { id: 'L3', item: HBA1C, date: '2025-06-06', quantity: '-1' },
      ],
    });
    const findings = run(hba1c, claim, { window: fifteenDays });
    expect(lineIdsOf(findings)).toEqual(['L2']);
    expect(findings[0]?.evidence['count']).toBe('2');
  });

  it('passes tests 15 days or more apart', () => {
    const claim = claimOf({
      admissionDate: '2025-06-01',
      dischargeDate: '2025-06-30',
      lines: [
        { id: 'L1', item: HBA1C, date: '2025-06-01' },
        { id: 'L2', item: HBA1C, date: '2025-06-16' },
      ],
    });
    expect(run(hba1c, claim, { window: fifteenDays })).toEqual([]);
  });

  it('counts an earlier claim in the window and names it', () => {
    const earlier = claimOf({
      id: 'C-EARLIER',
      type: 'outpatient',
      admissionDate: '2025-06-01',
      lines: [{ id: 'E1', item: HBA1C, date: '2025-06-01' }],
    });
    const claim = claimOf({
      type: 'outpatient',
      admissionDate: '2025-06-08',
      lines: [{ id: 'L1', item: HBA1C, date: '2025-06-08' }],
    });
    const findings = run(hba1c, claim, { window: fifteenDays, history: priors(earlier) });
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence).toMatchObject({ count: '2', otherClaims: ['C-EARLIER'] });

    const longAgo = claimOf({
      id: 'C-LONG-AGO',
      type: 'outpatient',
      admissionDate: '2025-05-01',
      lines: [{ id: 'E1', item: HBA1C, date: '2025-05-01' }],
    });
    expect(run(hba1c, claim, { window: fifteenDays, history: priors(longAgo) })).toEqual([]);
  });

  it('counts a calendar-year window across claims, not across the new year', () => {
    const oncePerYear: CheckWire = { kind: 'times_per_window', items: [HBA1C.code], maxTimes: '1' };
    const lastYear = claimOf({
      id: 'C-2024',
      type: 'outpatient',
      admissionDate: '2024-12-30',
      lines: [{ id: 'E1', item: HBA1C, date: '2024-12-30' }],
    });
    const thisYear = claimOf({
      id: 'C-2025-A',
      type: 'outpatient',
      admissionDate: '2025-01-03',
      lines: [{ id: 'E2', item: HBA1C, date: '2025-01-03' }],
    });
    const claim = claimOf({
      type: 'outpatient',
      admissionDate: '2025-09-01',
      lines: [{ id: 'L1', item: HBA1C, date: '2025-09-01' }],
    });
    const year = { kind: 'year' } as const;
    expect(run(oncePerYear, claim, { window: year, history: priors(lastYear) })).toEqual([]);
    const findings = run(oncePerYear, claim, { window: year, history: priors(lastYear, thisYear) });
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence).toMatchObject({
      windowFrom: '2025-01-01',
      otherClaims: ['C-2025-A'],
    });
  });

  it('counts quantities, not lines', () => {
    const claim = claimOf({
      type: 'outpatient',
      admissionDate: '2025-06-08',
      lines: [{ id: 'L1', item: HBA1C, date: '2025-06-08', quantity: '2' }],
    });
    const findings = run(hba1c, claim, { window: fifteenDays });
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence['count']).toBe('2');
  });
});

describe('item_frequency (限定频次)', () => {
  const oncePerDay: CheckWire = {
    kind: 'item_frequency',
    items: [INPATIENT_CONSULTATION.code],
    maxPerDay: '1',
  };

  it('flags a second 住院诊查费 on one day, not one a day', () => {
    const claim = claimOf({
      admissionDate: '2025-06-09',
      dischargeDate: '2025-06-11',
      lines: [
        { id: 'L1', item: INPATIENT_CONSULTATION, date: '2025-06-09' },
        { id: 'L2', item: INPATIENT_CONSULTATION, date: '2025-06-10' },
        { id: 'L3', item: INPATIENT_CONSULTATION, date: '2025-06-10' },
        { id: 'L4', item: INPATIENT_CONSULTATION, date: '2025-06-11' },
      ],
    });
    const findings = run(oncePerDay, claim);
    expect(lineIdsOf(findings)).toEqual(['L3']);
    expect(findings[0]?.evidence).toMatchObject({
      quantityThatDay: '2',
      maxPerDay: '1',
      countedLineIds: ['L2', 'L3'],
    });
  });

  it('passes a quantity of 1 a day and flags a quantity of 2', () => {
    const ok = claimOf({
      admissionDate: '2025-06-09',
      dischargeDate: '2025-06-10',
      lines: [
        { id: 'L1', item: INPATIENT_CONSULTATION, date: '2025-06-09' },
        { id: 'L2', item: INPATIENT_CONSULTATION, date: '2025-06-10' },
      ],
    });
    expect(run(oncePerDay, ok)).toEqual([]);
    const twice = claimOf({
      admissionDate: '2025-06-09',
      dischargeDate: '2025-06-10',
      lines: [{ id: 'L1', item: INPATIENT_CONSULTATION, date: '2025-06-09', quantity: '2' }],
    });
    expect(lineIdsOf(run(oncePerDay, twice))).toEqual(['L1']);
  });

  it('flags the line that went over even when a refund line of the day brings the total back', () => {
    const claim = claimOf({
      admissionDate: '2025-06-09',
      dischargeDate: '2025-06-10',
      lines: [
        { id: 'L1', item: INPATIENT_CONSULTATION, date: '2025-06-09' },
        { id: 'L2', item: INPATIENT_CONSULTATION, date: '2025-06-09' },
        { id: 'L3', item: INPATIENT_CONSULTATION, date: '2025-06-09', quantity: '-1' },
      ],
    });
    const findings = run(oncePerDay, claim);
    expect(lineIdsOf(findings)).toEqual(['L2']);
    expect(findings[0]?.evidence['quantityThatDay']).toBe('2');
  });

  it('reads an inpatient claim’s only line of a per-day item as the stay’s, as the catalog does', () => {
    const aggregated = (quantity: string) =>
      claimOf({
        admissionDate: '2025-06-01',
        dischargeDate: '2025-06-12',
        lines: [{ id: 'L1', item: INPATIENT_CONSULTATION, date: '2025-06-01', quantity }],
      });
    expect(run(oncePerDay, aggregated('11'))).toEqual([]);
    const over = run(oncePerDay, aggregated('12'));
    expect(lineIdsOf(over)).toEqual(['L1']);
    expect(over[0]?.evidence).toMatchObject({ daysTheLineCovers: '11', quantityThatDay: '12' });
  });

  it('keeps long evidence lists within the finding schema, the count in full', () => {
    const lines: LineSpec[] = [];
    for (let i = 1; i <= 150; i++) {
      lines.push({ id: `L${i}`, item: INPATIENT_CONSULTATION, date: '2025-06-09' });
    }
    const claim = claimOf({ admissionDate: '2025-06-09', dischargeDate: '2025-06-10', lines });
    const findings = run(oncePerDay, claim);
    expect(findings).toHaveLength(149);
    const last = findings.at(-1);
    expect(last?.evidence['countedLines']).toBe('150');
    expect(last?.evidence['countedLineIds']).toHaveLength(100);
    expect((last?.evidence['countedLineIds'] as string[] | undefined)?.at(-1)).toBe('L150');
    for (const finding of findings) expect(findingSchema.safeParse(finding).success).toBe(true);
  });

  it('adds another claim of the same day, not of the day before', () => {
    const sameDay = claimOf({
      id: 'C-EARLIER',
      admissionDate: '2025-06-01',
      dischargeDate: '2025-06-09',
      lines: [{ id: 'E1', item: INPATIENT_CONSULTATION, date: '2025-06-09' }],
    });
    // A one-day stay: its one line is that day's (a longer stay's only line would stand for the stay).
    const claim = claimOf({
      admissionDate: '2025-06-09',
      dischargeDate: '2025-06-10',
      lines: [{ id: 'L1', item: INPATIENT_CONSULTATION, date: '2025-06-09' }],
    });
    const findings = run(oncePerDay, claim, { history: priors(sameDay) });
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence['otherClaims']).toEqual(['C-EARLIER']);

    const dayBefore = claimOf({
      id: 'C-EARLIER',
      admissionDate: '2025-06-01',
      dischargeDate: '2025-06-08',
      lines: [{ id: 'E1', item: INPATIENT_CONSULTATION, date: '2025-06-08' }],
    });
    expect(run(oncePerDay, claim, { history: priors(dayBefore) })).toEqual([]);
  });
});

describe('item_course (限定支付疗程)', () => {
  const fourteenDays: CheckWire = { kind: 'item_course', items: [OZAGREL.code], maxDays: 14 };
  const window = { kind: 'days', days: 30 } as const;

  it('passes 14 days supplied and flags the line that goes beyond', () => {
    const claim = claimOf({
      type: 'outpatient',
      admissionDate: '2025-07-01',
      lines: [
        { id: 'L1', item: OZAGREL, date: '2025-07-01', daysSupply: 7 },
        { id: 'L2', item: OZAGREL, date: '2025-07-01', daysSupply: 7 },
        { id: 'L3', item: OZAGREL, date: '2025-07-01', daysSupply: 3 },
      ],
    });
    const findings = run(fourteenDays, claim, { window });
    expect(lineIdsOf(findings)).toEqual(['L3']);
    expect(findings[0]?.evidence).toMatchObject({ days: '17', maxDays: '14' });
  });

  it('counts distinct dates of lines without a supply', () => {
    const lines: LineSpec[] = [];
    for (let d = 1; d <= 15; d++) {
      const date = `2025-07-${String(d).padStart(2, '0')}`;
      lines.push({ id: `L${d}a`, item: OZAGREL, date }, { id: `L${d}b`, item: OZAGREL, date });
    }
    const claim = claimOf({ admissionDate: '2025-07-01', dischargeDate: '2025-07-15', lines });
    const findings = run(fourteenDays, claim, { window });
    // Two lines a day count as one day: only the 15th day goes over.
    expect(lineIdsOf(findings)).toEqual(['L15a', 'L15b']);
    expect(findings[0]?.evidence['days']).toBe('15');
    const fourteen = claimOf({
      admissionDate: '2025-07-01',
      dischargeDate: '2025-07-15',
      lines: lines.slice(0, 28),
    });
    expect(run(fourteenDays, fourteen, { window })).toEqual([]);
  });

  it('adds the days of an earlier claim in the window', () => {
    const earlier = claimOf({
      id: 'C-EARLIER',
      type: 'outpatient',
      admissionDate: '2025-07-01',
      lines: [{ id: 'E1', item: OZAGREL, date: '2025-07-01', daysSupply: 10 }],
    });
    const claim = claimOf({
      type: 'outpatient',
      admissionDate: '2025-07-11',
      lines: [{ id: 'L1', item: OZAGREL, date: '2025-07-11', daysSupply: 7 }],
    });
    const findings = run(fourteenDays, claim, { window, history: priors(earlier) });
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence).toMatchObject({ days: '17', otherClaims: ['C-EARLIER'] });
    const outside = claimOf({
      id: 'C-EARLIER',
      type: 'outpatient',
      admissionDate: '2025-05-01',
      lines: [{ id: 'E1', item: OZAGREL, date: '2025-05-01', daysSupply: 10 }],
    });
    expect(run(fourteenDays, claim, { window, history: priors(outside) })).toEqual([]);
  });
});

describe('item_sex (限定性别)', () => {
  const womenOnly: CheckWire = {
    kind: 'item_sex',
    items: [UTERUS_ANGIOGRAPHY.code],
    sex: 'female',
  };
  const claimFor = (sex: string): Claim =>
    claimOf({
      type: 'outpatient',
      admissionDate: '2025-06-01',
      person: { sex },
      lines: [{ id: 'L1', item: UTERUS_ANGIOGRAPHY, date: '2025-06-01' }],
    });

  it('flags 子宫造影 for a man, with the sex read', () => {
    const findings = run(womenOnly, claimFor('male'));
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence).toMatchObject({ sex: 'male', requiredSex: 'female' });
    expect(findings[0]?.explanation.zh).toContain('女性');
  });

  it('passes it for a woman and for a person of unknown sex', () => {
    expect(run(womenOnly, claimFor('female'))).toEqual([]);
    expect(run(womenOnly, claimFor('unknown'))).toEqual([]);
  });
});

describe('item_age (限定年龄)', () => {
  const children: CheckWire = {
    kind: 'item_age',
    items: [CHILD_RESIN_CROWN.code],
    minAge: null,
    maxAge: 18,
  };
  const claimFor = (birthDate: string): Claim =>
    claimOf({
      type: 'outpatient',
      admissionDate: '2025-06-01',
      person: { birthDate },
      lines: [{ id: 'L1', item: CHILD_RESIN_CROWN, date: '2025-06-01' }],
    });

  it('flags 儿童前牙树脂冠修复 for an adult, with the age on the line date', () => {
    const findings = run(children, claimFor('2007-06-01'));
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence).toMatchObject({ age: '18', maxAge: '18', minAge: null });
  });

  it('passes it for a child the day before their 18th birthday', () => {
    expect(run(children, claimFor('2007-06-02'))).toEqual([]);
  });

  it('flags a person under the minimum age', () => {
    const adults: CheckWire = { kind: 'item_age', items: [CHILD_RESIN_CROWN.code], minAge: 16 };
    expect(lineIdsOf(run(adults, claimFor('2010-01-01')))).toEqual(['L1']);
    expect(run(adults, claimFor('2000-01-01'))).toEqual([]);
  });

  it('judges each line at its own date: only the line billed from the 18th birthday is flagged', () => {
    // Review hands the check only the lines its line pass fails; the finding names just that one.
    const claim = claimOf({
      type: 'inpatient',
      admissionDate: '2025-06-01',
      dischargeDate: '2025-06-02',
      person: { birthDate: '2007-06-02' },
      lines: [
        { id: 'L1', item: CHILD_RESIN_CROWN, date: '2025-06-01' },
        { id: 'L2', item: CHILD_RESIN_CROWN, date: '2025-06-02' },
      ],
    });
    const findings = run(children, claim);
    expect(lineIdsOf(findings)).toEqual(['L2']);
    expect(findings[0]?.evidence).toMatchObject({ age: '18', lineDate: '2025-06-02' });
  });

  it('holds 新生儿 items to the first 28 days of life, not to "under 1 year"', () => {
    const newborn: CheckWire = {
      kind: 'item_age',
      items: [CHILD_RESIN_CROWN.code],
      maxAgeDays: 28,
    };
    // Born 2025-05-04: 2025-06-01 is day 28 (the 29th day of life) — past the newborn period.
    const findings = run(newborn, claimFor('2025-05-04'));
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence).toMatchObject({ ageDays: '28', maxAgeDays: '28', age: '0' });
    expect(findings[0]?.explanation.en).toContain('the first 28 days of life');
    expect(findings[0]?.explanation.zh).toContain('出生第 28 天');
    // Day 27 is still a newborn.
    expect(run(newborn, claimFor('2025-05-05'))).toEqual([]);
  });

  it('cannot tell the age of a line dated before the birth date: no hit, no error finding', () => {
    // As the catalog's age restriction: the claim validation reports the date, not this rule.
    const adults: CheckWire = { kind: 'item_age', items: [CHILD_RESIN_CROWN.code], minAge: 16 };
    expect(run(children, claimFor('2025-06-02'))).toEqual([]);
    expect(run(adults, claimFor('2025-06-02'))).toEqual([]);
  });
});

describe('item_tier (限定机构等级)', () => {
  const secondaryUp: CheckWire = {
    kind: 'item_tier',
    items: [SHENFU.code],
    tiers: ['secondary', 'tertiary'],
  };
  const claimAt = (tier: string): Claim =>
    claimOf({
      type: 'outpatient',
      admissionDate: '2025-06-01',
      tier,
      lines: [
        { id: 'L1', item: SHENFU, date: '2025-06-01' },
        { id: 'L2', item: HBA1C, date: '2025-06-01' },
      ],
    });

  it('flags 参附注射液 at a primary institution, only its line', () => {
    const findings = run(secondaryUp, claimAt('primary'));
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence).toMatchObject({
      tier: 'primary',
      allowed: ['secondary', 'tertiary'],
    });
  });

  it('passes it at a secondary institution', () => {
    expect(run(secondaryUp, claimAt('secondary'))).toEqual([]);
  });
});

describe('item_setting (限定就医方式)', () => {
  const inpatientOnly: CheckWire = {
    kind: 'item_setting',
    items: [OMEGA3_EMULSION.code],
    claimTypes: ['inpatient'],
  };
  const claimOfType = (type: string): Claim =>
    claimOf({
      type,
      admissionDate: '2025-06-01',
      ...(type === 'inpatient' ? { dischargeDate: '2025-06-05' } : {}),
      lines: [{ id: 'L1', item: OMEGA3_EMULSION, date: '2025-06-01' }],
    });

  it('flags ω-3鱼油脂肪乳注射液 in outpatient and chronic-outpatient claims', () => {
    expect(lineIdsOf(run(inpatientOnly, claimOfType('outpatient')))).toEqual(['L1']);
    const chronic = run(inpatientOnly, claimOfType('chronic_outpatient'));
    expect(chronic[0]?.evidence).toMatchObject({ claimType: 'chronic_outpatient' });
  });

  it('passes it in hospital; chronic outpatient only when the rule lists it', () => {
    expect(run(inpatientOnly, claimOfType('inpatient'))).toEqual([]);
    const outpatient: CheckWire = {
      kind: 'item_setting',
      items: [OMEGA3_EMULSION.code],
      claimTypes: ['outpatient'],
    };
    expect(lineIdsOf(run(outpatient, claimOfType('chronic_outpatient')))).toEqual(['L1']);
    const anyOutpatient: CheckWire = {
      kind: 'item_setting',
      items: [OMEGA3_EMULSION.code],
      claimTypes: ['outpatient', 'chronic_outpatient'],
    };
    expect(run(anyOutpatient, claimOfType('chronic_outpatient'))).toEqual([]);
  });
});

describe('item_scheme (限定保险类型)', () => {
  const workInjury: CheckWire = {
    kind: 'item_scheme',
    items: [SCAR_CREAM.code],
    schemes: ['work_injury'],
  };
  const claimUnder = (scheme: string): Claim =>
    claimOf({
      type: 'outpatient',
      scheme,
      admissionDate: '2025-06-01',
      lines: [{ id: 'L1', item: SCAR_CREAM, date: '2025-06-01' }],
    });

  it('flags 疤痕止痒软化膏 under basic medical insurance', () => {
    const findings = run(workInjury, claimUnder('medical'));
    expect(lineIdsOf(findings)).toEqual(['L1']);
    expect(findings[0]?.evidence).toMatchObject({ scheme: 'medical', allowed: ['work_injury'] });
  });

  it('passes it under work-injury insurance', () => {
    expect(run(workInjury, claimUnder('work_injury'))).toEqual([]);
  });
});

describe('secondary_procedure (限定主次操作)', () => {
  const giGroup: CheckWire = {
    kind: 'secondary_procedure',
    group: '胃肠手术组',
    items: [ESOPHAGECTOMY.code, STRICTUROPLASTY.code],
  };

  it('flags the second procedure of the group on one day, naming the first', () => {
    const claim = claimOf({
      admissionDate: '2025-06-01',
      dischargeDate: '2025-06-12',
      lines: [
        { id: 'L1', item: HBA1C, date: '2025-06-02' },
        { id: 'L2', item: ESOPHAGECTOMY, date: '2025-06-03' },
        { id: 'L3', item: STRICTUROPLASTY, date: '2025-06-03' },
      ],
    });
    const findings = run(giGroup, claim);
    expect(lineIdsOf(findings)).toEqual(['L3']);
    expect(findings[0]?.evidence).toMatchObject({
      group: '胃肠手术组',
      firstLineId: 'L2',
      groupLineIds: ['L2', 'L3'],
    });
  });

  it('flags every procedure after the first of the day', () => {
    const claim = claimOf({
      admissionDate: '2025-06-01',
      dischargeDate: '2025-06-12',
      lines: [
        { id: 'L1', item: STRICTUROPLASTY, date: '2025-06-03' },
        { id: 'L2', item: ESOPHAGECTOMY, date: '2025-06-03' },
        { id: 'L3', item: STRICTUROPLASTY, date: '2025-06-03' },
      ],
    });
    const findings = run(giGroup, claim);
    expect(lineIdsOf(findings)).toEqual(['L2', 'L3']);
    expect(findings.map((f) => f.evidence['firstLineId'])).toEqual(['L1', 'L1']);
  });

  it('keeps a finding of 600 line ids storable: its lists are clipped to the schema’s 500', () => {
    const claim = claimOf({
      admissionDate: '2025-06-01',
      dischargeDate: '2025-06-12',
      lines: Array.from({ length: 600 }, (_, i) => ({
        id: `L${String(i + 1).padStart(3, '0')}`,
        item: i % 2 === 0 ? ESOPHAGECTOMY : STRICTUROPLASTY,
        date: '2025-06-03',
      })),
    });
    const findings = run(giGroup, claim);
    expect(findings).toHaveLength(599);
    for (const f of [findings[0], findings[598]]) {
      const ids = f?.evidence['groupLineIds'];
      expect(Array.isArray(ids) ? ids.length : null).toBe(500);
      expect(Array.isArray(ids) ? ids.slice(0, 2) : null).toEqual(['L001', 'L002']);
    }
    for (const f of findings) expect(() => findingSchema.encode(f)).not.toThrow();
  });

  it('passes the procedures on different days, or one alone', () => {
    const claim = claimOf({
      admissionDate: '2025-06-01',
      dischargeDate: '2025-06-12',
      lines: [
        { id: 'L1', item: ESOPHAGECTOMY, date: '2025-06-03' },
        { id: 'L2', item: STRICTUROPLASTY, date: '2025-06-08' },
      ],
    });
    expect(run(giGroup, claim)).toEqual([]);
  });
});
